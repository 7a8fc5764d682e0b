// Google OAuth 2.0 for web server apps: the consent screen (redirects straight back with a code) and the
// token endpoint (authorization_code with PKCE, refresh_token; refresh tokens only with access_type=offline).
import { createHash } from 'node:crypto';
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import { oauthError } from './google-errors';
import { GOOGLE_SCOPES, type GoogleBusinessFake } from './google-fake';

export function registerGoogleOAuthRoutes(fake: GoogleBusinessFake, route: RegisterRoute): void {
  route('GET', /^\/o\/oauth2\/v2\/auth$/, 'authorize', (req) => consent(fake, req), false);
  route('POST', /^\/token$/, 'token', (req) => token(fake, req), false);
}

function errorPage(status: number, error: string, detail: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!DOCTYPE html><html><body><h1>Access blocked: authorization error</h1><p>Error ${status}: ${error}</p><p>${detail}</p></body></html>`,
  };
}

function consent(fake: GoogleBusinessFake, req: FakeRequest): FakeResponse {
  const q = req.query;
  if (q.get('client_id') !== fake.clientId) return errorPage(401, 'invalid_client', 'The OAuth client was not found.');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri) || (fake.redirectUris && !fake.redirectUris.includes(redirectUri)))
    return errorPage(
      400,
      'redirect_uri_mismatch',
      `The redirect URI in the request, ${redirectUri}, does not match the ones authorized for the OAuth client.`,
    );
  if (q.get('response_type') !== 'code') return errorPage(400, 'invalid_request', 'Invalid response_type.');
  const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return errorPage(400, 'invalid_request', 'Missing required parameter: scope');
  const unknown = scopes.find((s) => !GOOGLE_SCOPES.includes(s));
  if (unknown) return errorPage(400, 'invalid_scope', `Some requested scopes were invalid. {invalid=[${unknown}]}`);
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (challenge && method !== 'S256') return errorPage(400, 'invalid_request', 'Invalid code_challenge_method');
  const code = fake.tokens.issue('code', {
    subject: fake.loginAs,
    scopes,
    clientId: fake.clientId,
    ttlSeconds: 600,
    prefix: '4/0',
    data: { redirectUri, challenge, offline: q.get('access_type') === 'offline' },
  });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code.value);
  target.searchParams.set('scope', scopes.join(' '));
  const state = q.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, headers: { location: target.toString() } };
}

function token(fake: GoogleBusinessFake, req: FakeRequest): FakeResponse {
  if (req.body.kind !== 'form') return oauthError(400, 'invalid_request', 'Invalid content type.');
  const f = req.body.fields as Record<string, string | undefined>;
  if (f.client_id !== fake.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (f.client_secret !== fake.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');

  if (f.grant_type === 'authorization_code') {
    const check = fake.tokens.check(f.code, 'code');
    if (!check.ok) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
    if (check.record.data.redirectUri !== f.redirect_uri)
      return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
    const challenge = check.record.data.challenge;
    if (typeof challenge === 'string' && challenge) {
      const verifier = f.code_verifier ?? '';
      if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
      if (createHash('sha256').update(verifier).digest('base64url') !== challenge)
        return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
    }
    fake.tokens.markUsed(check.record.value);
    const pair = fake.issueTokenPair(check.record.subject, check.record.scopes, check.record.data.offline === true);
    return tokenResponse(fake, pair.access.value, pair.refresh?.value, check.record.scopes);
  }

  if (f.grant_type === 'refresh_token') {
    const check = fake.tokens.check(f.refresh_token, 'refresh');
    if (!check.ok) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    // Google keeps the refresh token: the answer carries a new access token only.
    const access = fake.issueTokenPair(check.record.subject, check.record.scopes, false).access;
    return tokenResponse(fake, access.value, undefined, check.record.scopes);
  }

  return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${f.grant_type ?? ''}`);
}

function tokenResponse(
  fake: GoogleBusinessFake,
  access: string,
  refresh: string | undefined,
  scopes: string[],
): FakeResponse {
  return {
    status: 200,
    headers: { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' },
    json: {
      access_token: access,
      expires_in: fake.accessTokenSeconds,
      scope: scopes.join(' '),
      token_type: 'Bearer',
      ...(refresh ? { refresh_token: refresh } : {}),
    },
  };
}
