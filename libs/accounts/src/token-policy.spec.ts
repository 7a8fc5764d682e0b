import { canRefresh, reconnectDeadline, refreshIsDue } from './token-policy';

const now = new Date('2026-12-06T12:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

function account(network: 'instagram' | 'google_business', fields: Partial<Record<string, unknown>> = {}) {
  return {
    network,
    status: 'connected' as const,
    accessTokenEnc: 'sealed',
    refreshTokenEnc: null as string | null,
    tokenExpiresAt: null as Date | null,
    refreshTokenExpiresAt: null as Date | null,
    ...fields,
  };
}

describe('token policy for Instagram and Google', () => {
  it('refreshes a Google access token (one hour) ten minutes ahead, with the stored refresh token', () => {
    const google = account('google_business', { refreshTokenEnc: 'sealed', tokenExpiresAt: minutes(11) });
    expect(canRefresh(google, true, now)).toBe(true);
    expect(refreshIsDue(google, now)).toBe(false);
    expect(refreshIsDue({ ...google, tokenExpiresAt: minutes(9) }, now)).toBe(true);
    // Unknown expiry with a refresh token: refreshed to learn it.
    expect(refreshIsDue({ ...google, tokenExpiresAt: null }, now)).toBe(true);
  });

  it('a pasted Google token without a refresh token cannot renew itself and must be reconnected by its expiry', () => {
    const pasted = account('google_business', { tokenExpiresAt: minutes(50) });
    expect(canRefresh(pasted, true, now)).toBe(false);
    expect(reconnectDeadline(pasted, false)).toEqual(minutes(50));
  });

  it('Instagram publishes with the Page token: renewed like Facebook, never needing a reconnect date', () => {
    const instagram = account('instagram', { tokenExpiresAt: minutes(60 * 24 * 5) });
    expect(canRefresh(instagram, true, now)).toBe(true);
    expect(refreshIsDue(instagram, now)).toBe(true); // inside Facebook's 10-day margin
    expect(reconnectDeadline(instagram, true)).toBeNull();
    expect(canRefresh({ ...instagram, tokenExpiresAt: null }, true, now)).toBe(false); // Page tokens that never expire
  });
});
