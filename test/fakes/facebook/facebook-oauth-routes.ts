// Facebook Login: the dialog (redirects straight back with a code) and GET /oauth/access_token
// (code exchange and fb_exchange_token long-lived exchange).
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import { GraphErrors, graphError } from './facebook-errors';
import { FACEBOOK_SCOPES, type FacebookFake } from './facebook-fake';

const V = '(?:/v\\d+\\.\\d+)?';
const SHORT_LIVED_SECONDS = 6000;
const LONG_LIVED_SECONDS = 60 * 24 * 3600;

export function registerFacebookOAuthRoutes(fake: FacebookFake, route: RegisterRoute): void {
  route('GET', new RegExp(`^${V}/dialog/oauth$`), 'authorize', (req) => dialog(fake, req), false);
  route('GET', new RegExp(`^${V}/oauth/access_token$`), 'token', (req) => accessToken(fake, req), false);
}

function page(status: number, text: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`,
  };
}

function dialog(fake: FacebookFake, req: FakeRequest): FakeResponse {
  const q = req.query;
  if (q.get('client_id') !== fake.appId)
    return page(400, 'Invalid App ID: The provided app ID does not look like a valid app ID.');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri) || (fake.redirectUris && !fake.redirectUris.includes(redirectUri))) {
    return page(
      400,
      "URL Blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.",
    );
  }
  const scopes = (q.get('scope') ?? 'public_profile').split(/[\s,]+/).filter(Boolean);
  const invalid = scopes.filter((s) => !FACEBOOK_SCOPES.includes(s));
  if (invalid.length) return page(400, `Invalid Scopes: ${invalid.join(', ')}.`);
  const responseType = q.get('response_type') ?? 'code';
  if (responseType !== 'code') return page(400, `Unsupported response_type ${responseType}`);
  const code = fake.tokens.issue('code', {
    subject: fake.loginAs,
    scopes,
    clientId: fake.appId,
    ttlSeconds: 600,
    data: { redirectUri },
  });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code.value);
  const state = q.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, headers: { location: `${target.toString()}#_=_` } };
}

function accessToken(fake: FacebookFake, req: FakeRequest): FakeResponse {
  const q = new URLSearchParams(req.query);
  for (const [k, v] of Object.entries(req.body.fields)) if (typeof v === 'string') q.set(k, v);
  if (q.get('client_id') !== fake.appId)
    return graphError(400, 101, 'Error validating application. Invalid application ID.');
  if (q.get('client_secret') !== fake.appSecret) return graphError(400, 1, 'Error validating client secret.');

  if (q.get('grant_type') === 'fb_exchange_token') {
    const check = fake.tokens.check(q.get('fb_exchange_token') ?? undefined, 'access');
    if (!check.ok) {
      if (check.reason === 'expired')
        return GraphErrors.tokenExpired(check.record?.expiresAt ?? fake.nowMs(), fake.nowMs());
      if (check.reason === 'revoked') return GraphErrors.tokenRevoked();
      return GraphErrors.tokenUnknown();
    }
    const old = check.record;
    if (old.data.kind === 'page') {
      // Page tokens from a long-lived user token do not expire.
      const token = fake.issuePageToken(old.subject, String(old.data.pageId), old.scopes, undefined);
      return { status: 200, json: { access_token: token.value, token_type: 'bearer' } };
    }
    const token = fake.issueUserToken(old.subject, old.scopes, LONG_LIVED_SECONDS);
    token.data.longLived = true;
    return { status: 200, json: { access_token: token.value, token_type: 'bearer', expires_in: LONG_LIVED_SECONDS } };
  }

  const code = q.get('code');
  if (!code) return graphError(400, 100, 'Missing authorization code', { subcode: 36007 });
  const check = fake.tokens.check(code, 'code');
  if (!check.ok) {
    if (check.reason === 'used')
      return graphError(400, 100, 'This authorization code has been used.', { subcode: 36009 });
    if (check.reason === 'expired')
      return graphError(400, 100, 'This authorization code has expired.', { subcode: 36007 });
    return graphError(400, 100, 'Invalid verification code format.', { subcode: 36007 });
  }
  if (check.record.data.redirectUri !== q.get('redirect_uri')) {
    return graphError(
      400,
      100,
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      { subcode: 36008 },
    );
  }
  fake.tokens.markUsed(code);
  const token = fake.issueUserToken(check.record.subject, check.record.scopes, SHORT_LIVED_SECONDS);
  return { status: 200, json: { access_token: token.value, token_type: 'bearer', expires_in: SHORT_LIVED_SECONDS } };
}
