// X OAuth 2.0 Authorization Code with PKCE: /i/oauth2/authorize (S256 required, redirects straight
// back), POST /2/oauth2/token (authorization_code, refresh_token — refresh tokens rotate and the old
// one dies at once) and POST /2/oauth2/revoke.
import { createHash } from 'node:crypto';
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import { tokenError } from './x-errors';
import { X_SCOPES, type XFake } from './x-fake';

export function registerXOAuthRoutes(fake: XFake, route: RegisterRoute): void {
  route('GET', /^\/i\/oauth2\/authorize$/, 'authorize', (req) => authorize(fake, req), false);
  route('POST', /^\/2\/oauth2\/token$/, 'token', (req) => token(fake, req), false);
  route('POST', /^\/2\/oauth2\/revoke$/, 'token', (req) => revoke(fake, req), false);
}

function errorPage(detail: string): FakeResponse {
  return {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!DOCTYPE html><html><body><h1>Something went wrong</h1><p>You weren't able to give access to the App. Go back and try logging in again.</p><!-- ${detail} --></body></html>`,
  };
}

function authorize(fake: XFake, req: FakeRequest): FakeResponse {
  const q = req.query;
  if (q.get('response_type') !== 'code') return errorPage('response_type must be code');
  if (q.get('client_id') !== fake.clientId) return errorPage('unknown client_id');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri) || (fake.redirectUris && !fake.redirectUris.includes(redirectUri)))
    return errorPage('redirect_uri not registered');
  const state = q.get('state');
  if (!state) return errorPage('state is required');
  const challenge = q.get('code_challenge');
  if (!challenge || q.get('code_challenge_method') !== 'S256')
    return errorPage('PKCE with code_challenge_method=S256 is required');
  const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !X_SCOPES.includes(s)))
    return errorPage(`invalid scope ${q.get('scope') ?? ''}`);
  const code = fake.tokens.issue('code', {
    subject: fake.loginAs,
    scopes,
    clientId: fake.clientId,
    ttlSeconds: 30,
    data: { redirectUri, challenge },
  });
  const target = new URL(redirectUri);
  target.searchParams.set('state', state);
  target.searchParams.set('code', code.value);
  return { status: 302, headers: { location: target.toString() } };
}

/** Confidential clients authenticate with HTTP Basic; public clients send client_id in the body. */
function clientOk(fake: XFake, req: FakeRequest): boolean {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (fake.clientSecret !== null) {
    if (!basic) return false;
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent);
    return id === fake.clientId && secret === fake.clientSecret;
  }
  return req.body.fields.client_id === fake.clientId;
}

function token(fake: XFake, req: FakeRequest): FakeResponse {
  if (req.body.kind !== 'form')
    return tokenError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  if (!clientOk(fake, req)) return tokenError(401, 'unauthorized_client', 'Missing valid authorization header');
  const f = req.body.fields as Record<string, string | undefined>;

  if (f.grant_type === 'authorization_code') {
    const check = fake.tokens.check(f.code, 'code');
    if (!check.ok || check.record.data.redirectUri !== f.redirect_uri)
      return tokenError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
    const verifier = f.code_verifier ?? '';
    const expected = createHash('sha256').update(verifier).digest('base64url');
    if (!verifier || expected !== check.record.data.challenge)
      return tokenError(400, 'invalid_grant', 'Value passed for the code_verifier was invalid.');
    fake.tokens.markUsed(check.record.value);
    const pair = fake.issueTokenPair(check.record.subject, check.record.scopes);
    return tokenResponse(pair.access.value, pair.refresh?.value, check.record.scopes);
  }

  if (f.grant_type === 'refresh_token') {
    const check = fake.tokens.check(f.refresh_token, 'refresh');
    if (!check.ok) return tokenError(400, 'invalid_grant', 'Value passed for the token was invalid.');
    fake.tokens.markUsed(check.record.value); // rotation: the old refresh token is dead from now on
    const pair = fake.issueTokenPair(check.record.subject, check.record.scopes);
    return tokenResponse(pair.access.value, pair.refresh?.value, check.record.scopes);
  }

  return tokenError(400, 'unsupported_grant_type', `grant_type ${f.grant_type ?? ''} is not supported`);
}

function tokenResponse(access: string, refresh: string | undefined, scopes: string[]): FakeResponse {
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    json: {
      token_type: 'bearer',
      expires_in: 7200,
      access_token: access,
      scope: scopes.join(' '),
      ...(refresh ? { refresh_token: refresh } : {}),
    },
  };
}

function revoke(fake: XFake, req: FakeRequest): FakeResponse {
  if (req.body.kind !== 'form')
    return tokenError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  if (!clientOk(fake, req)) return tokenError(401, 'unauthorized_client', 'Missing valid authorization header');
  const value = String(req.body.fields.token ?? '');
  fake.tokens.revoke(value);
  return { status: 200, json: { revoked: true } };
}
