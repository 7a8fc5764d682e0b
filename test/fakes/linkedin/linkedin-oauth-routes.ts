// LinkedIn OAuth 2.0: /oauth/v2/authorization (redirects straight back) and /oauth/v2/accessToken
// (authorization_code and refresh_token grants; 60-day access tokens, 365-day refresh tokens).
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import { oauthError } from './linkedin-errors';
import type { LinkedInFake } from './linkedin-fake';

const ACCESS_SECONDS = 60 * 24 * 3600;

export function registerLinkedInOAuthRoutes(fake: LinkedInFake, route: RegisterRoute): void {
  route('GET', /^\/oauth\/v2\/authorization$/, 'authorize', (req) => authorization(fake, req), false);
  route('POST', /^\/oauth\/v2\/accessToken$/, 'token', (req) => accessToken(fake, req), false);
}

function page(status: number, text: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!DOCTYPE html><html><body><p>${text}</p></body></html>`,
  };
}

function authorization(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  const q = req.query;
  if (q.get('client_id') !== fake.clientId) return page(400, 'The passed in client_id is invalid');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri) || (fake.redirectUris && !fake.redirectUris.includes(redirectUri))) {
    return page(400, 'The redirect_uri does not match the registered value');
  }
  const target = new URL(redirectUri);
  const state = q.get('state');
  if (state !== null) target.searchParams.set('state', state);
  if (q.get('response_type') !== 'code') {
    target.searchParams.set('error', 'invalid_request');
    target.searchParams.set('error_description', 'response_type must be code');
    return { status: 302, headers: { location: target.toString() } };
  }
  const scopes = (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
  const unauthorized = scopes.find((s) => !fake.appScopes.includes(s));
  if (unauthorized || scopes.length === 0) {
    target.searchParams.set('error', 'unauthorized_scope_error');
    target.searchParams.set(
      'error_description',
      `Scope "${unauthorized ?? ''}" is not authorized for your application`,
    );
    return { status: 302, headers: { location: target.toString() } };
  }
  const code = fake.tokens.issue('code', {
    subject: fake.loginAs,
    scopes,
    clientId: fake.clientId,
    ttlSeconds: 1800,
    data: { redirectUri },
  });
  target.searchParams.set('code', code.value);
  return { status: 302, headers: { location: target.toString() } };
}

function accessToken(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  if (req.body.kind !== 'form')
    return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  const f = req.body.fields as Record<string, string>;
  if (f.client_id !== fake.clientId || f.client_secret !== fake.clientSecret)
    return oauthError(401, 'invalid_client', 'Client authentication failed');

  if (f.grant_type === 'authorization_code') {
    const check = fake.tokens.check(f.code, 'code');
    if (!check.ok || check.record.data.redirectUri !== f.redirect_uri) {
      return oauthError(
        400,
        'invalid_request',
        'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists',
      );
    }
    fake.tokens.markUsed(f.code);
    const pair = fake.issueTokenPair(check.record.subject, check.record.scopes);
    return tokenResponse(fake, pair.access.value, pair.refresh.value, ACCESS_SECONDS, check.record.scopes);
  }

  if (f.grant_type === 'refresh_token') {
    const check = fake.tokens.check(f.refresh_token, 'refresh');
    if (!check.ok) return oauthError(400, 'invalid_grant', 'The provided refresh token is invalid, expired or revoked');
    // LinkedIn keeps the refresh token; only a new access token comes back.
    const access = fake.tokens.issue('access', {
      subject: check.record.subject,
      scopes: check.record.scopes,
      clientId: fake.clientId,
      ttlSeconds: ACCESS_SECONDS,
      prefix: 'AQV',
    });
    return tokenResponse(fake, access.value, check.record.value, ACCESS_SECONDS, check.record.scopes);
  }

  return oauthError(400, 'unsupported_grant_type', `grant_type "${f.grant_type ?? ''}" is not supported`);
}

function tokenResponse(
  fake: LinkedInFake,
  access: string,
  refresh: string,
  expiresIn: number,
  scopes: string[],
): FakeResponse {
  const refreshRecord = fake.tokens.get(refresh);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    json: {
      access_token: access,
      expires_in: expiresIn,
      refresh_token: refresh,
      refresh_token_expires_in: refreshRecord ? fake.tokens.secondsLeft(refreshRecord) : undefined,
      scope: scopes.join(','),
    },
  };
}
