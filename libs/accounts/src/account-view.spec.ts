import { PublishingError } from '@app/publishing';
import { needsReconnect } from './account-problems';
import { healthOf, timeUntil } from './account-view';
import type { SocialAccount } from './social-account.entity';
import { canRefresh, reconnectDeadline, refreshIsDue } from './token-policy';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;

function account(overrides: Partial<SocialAccount>): SocialAccount {
  return {
    id: 'a1',
    practiceId: 'p1',
    network: 'linkedin',
    externalId: '2414183',
    name: 'Smile Dental Group',
    handle: null,
    status: 'connected',
    accessTokenEnc: 'v1.sealed',
    refreshTokenEnc: null,
    tokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    lastPublishedAt: null,
    lastError: null,
    lastErrorAt: null,
    cadence: null,
    evergreenFill: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  } as SocialAccount;
}

const health = (a: SocialAccount, oauth = true, scheduled = 0) => {
  const refreshable = canRefresh(a, oauth, NOW);
  return healthOf(a, refreshable, a.status === 'connected' ? reconnectDeadline(a, refreshable) : null, NOW, scheduled);
};

describe('account health in plain words', () => {
  it('says when a refreshable token expires and that nobody has to act', () => {
    const a = account({ refreshTokenEnc: 'v1.r', tokenExpiresAt: new Date(NOW.getTime() + 12 * DAY) });
    expect(health(a)).toBe('Token expires in 12 days; it will be refreshed automatically.');
  });

  it('names the date a LinkedIn sign-in must be renewed by', () => {
    const a = account({
      refreshTokenEnc: 'v1.r',
      tokenExpiresAt: new Date(NOW.getTime() + 40 * DAY),
      refreshTokenExpiresAt: new Date('2027-06-01T00:00:00Z'),
    });
    expect(health(a)).toBe(
      'Token expires in 40 days; it will be refreshed automatically until 2027-06-01, then it must be reconnected.',
    );
  });

  it('asks for a reconnect before a token that cannot be refreshed expires', () => {
    expect(health(account({ tokenExpiresAt: new Date(NOW.getTime() + 3 * 3600_000) }))).toBe(
      'Token expires in 3 hours and cannot be refreshed automatically: reconnect the account before 2026-11-25.',
    );
    expect(
      health(
        account({ network: 'x', refreshTokenEnc: 'v1.r', tokenExpiresAt: new Date(NOW.getTime() + 3600_000) }),
        false,
      ),
    ).toMatch(/cannot be refreshed/);
  });

  it('quotes the network when a reconnect is needed, and counts the posts waiting', () => {
    const a = account({
      network: 'facebook',
      status: 'needs_reconnect',
      lastError: 'Error validating access token: The user has changed their password',
    });
    expect(health(a, true, 2)).toBe(
      'Reconnect needed: Facebook says "Error validating access token: The user has changed their password". 2 scheduled posts are waiting for it.',
    );
    expect(health(account({ status: 'disconnected', accessTokenEnc: null }))).toBe(
      'Disconnected: connect it again to publish to this LinkedIn account.',
    );
  });

  it('a Facebook Page token without expiry never needs anything', () => {
    expect(health(account({ network: 'facebook' }))).toBe(
      'Connected. Facebook set no end date for this token; it stops working if the person who connected it loses access to the page or changes their password.',
    );
  });

  it('never calls a token of unknown expiry everlasting: LinkedIn 60 days, X 2 hours from when it was issued', () => {
    const issued = new Date(NOW.getTime() - 50 * DAY);
    const linkedin = account({ network: 'linkedin', tokenIssuedAt: issued });
    expect(health(linkedin)).toBe(
      'Connected. LinkedIn did not say when this token ends; its tokens last 60 days and it cannot be refreshed automatically, so it stops working around 2026-12-05 (in about 10 days): reconnect before then.',
    );
    expect(reconnectDeadline(linkedin, false)).toEqual(new Date(issued.getTime() + 60 * DAY));
    const x = account({ network: 'x', tokenIssuedAt: new Date(NOW.getTime() - 30 * 60_000) });
    expect(health(x, false)).toBe(
      'Connected. X did not say when this token ends; its tokens last 2 hours and it cannot be refreshed automatically, so it stops working around 2026-11-25 13:30 UTC (in about 2 hours): reconnect before then.',
    );
    // Rows from before the issue time was kept count from when the account was connected: the estimate errs early.
    const old = account({ network: 'x', createdAt: new Date(NOW.getTime() - 3 * 3600_000) });
    expect(health(old, false)).toMatch(/has most likely stopped working: reconnect the account\.$/);
    expect(health(x, false)).not.toMatch(/does not expire/);
  });

  it('rounds time left the way people say it', () => {
    expect(timeUntil(new Date(NOW.getTime() + 40 * 60_000), NOW)).toBe('40 minutes');
    expect(timeUntil(new Date(NOW.getTime() + 1 * 60_000), NOW)).toBe('1 minute');
    expect(timeUntil(new Date(NOW.getTime() + 30 * 3600_000), NOW)).toBe('30 hours');
    expect(timeUntil(new Date(NOW.getTime() + 61 * DAY), NOW)).toBe('61 days');
  });
});

describe('refresh policy', () => {
  it('refreshes X under 15 minutes, LinkedIn under 7 days, Facebook under 10 days', () => {
    const at = (network: SocialAccount['network'], ms: number) =>
      refreshIsDue(account({ network, refreshTokenEnc: 'v1.r', tokenExpiresAt: new Date(NOW.getTime() + ms) }), NOW);
    expect([at('x', 16 * 60_000), at('x', 14 * 60_000)]).toEqual([false, true]);
    expect([at('linkedin', 8 * DAY), at('linkedin', 6 * DAY)]).toEqual([false, true]);
    expect([at('facebook', 11 * DAY), at('facebook', 9 * DAY)]).toEqual([false, true]);
    // An X token of unknown age is refreshed to learn when it expires.
    expect(refreshIsDue(account({ network: 'x', refreshTokenEnc: 'v1.r' }), NOW)).toBe(true);
  });

  it('cannot refresh without the OAuth app, without a refresh token, or after the refresh token expired', () => {
    const a = account({ refreshTokenEnc: 'v1.r', tokenExpiresAt: new Date(NOW.getTime() + DAY) });
    expect(canRefresh(a, true, NOW)).toBe(true);
    expect(canRefresh(a, false, NOW)).toBe(false);
    expect(canRefresh({ ...a, refreshTokenEnc: null }, true, NOW)).toBe(false);
    expect(canRefresh({ ...a, refreshTokenExpiresAt: new Date(NOW.getTime() - 1) }, true, NOW)).toBe(false);
    expect(canRefresh({ ...a, status: 'disconnected' }, true, NOW)).toBe(false);
  });
});

describe('which refusals ask a person to reconnect', () => {
  const error = (init: Partial<ConstructorParameters<typeof PublishingError>[0]>) =>
    new PublishingError({ kind: 'transient', network: 'facebook', networkMessage: 'x', ...init });

  it('a dead grant and a Facebook/LinkedIn permission refusal do; blips, throttles and our own app credentials do not', () => {
    expect(needsReconnect(error({ kind: 'auth_expired' }))).toBe(true);
    expect(needsReconnect(error({ kind: 'permission_denied', networkCode: '200' }))).toBe(true);
    expect(needsReconnect(error({ kind: 'permission_denied', network: 'linkedin' }))).toBe(true);
    expect(needsReconnect(error({ kind: 'permission_denied', network: 'x' }))).toBe(false);
    expect(needsReconnect(error({ kind: 'permission_denied', adminMessage: 'check FACEBOOK_APP_SECRET' }))).toBe(false);
    for (const kind of [
      'transient',
      'rate_limited',
      'unknown_outcome',
      'duplicate',
      'rejected_content',
      'version_retired',
    ] as const) {
      expect(needsReconnect(error({ kind, retryAt: NOW }))).toBe(false);
    }
  });
});
