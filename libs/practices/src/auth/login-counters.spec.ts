import { TooManyRequestsError } from '@app/core';
import { MemoryLoginCounters } from './login-counters';
import { LoginLimiter } from './login-limiter';

// Embedded mode's counters follow the same rules as the Redis scripts (the e2e login-limiter spec runs both).
describe('LoginLimiter on MemoryLoginCounters (embedded mode)', () => {
  let now = 1_000_000;
  const limiter = () => new LoginLimiter(new MemoryLoginCounters(() => now), 'p', 3, 30_000);
  const refused = async (attempt: Promise<void>) => {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TooManyRequestsError);
    return error as TooManyRequestsError;
  };

  it('refuses an address for an account after the limit, for the rest of the 15-minute window', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) await l.reserve('pat@example.com', '10.0.0.1');
    const error = await refused(l.reserve('pat@example.com', '10.0.0.1'));
    expect(error.message).toMatch(/for this account from this address/);
    now += 15 * 60_000;
    await expect(l.reserve('pat@example.com', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('slows an account down from other addresses instead of locking it, and forgets it all on a success', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) await l.reserve('sam@example.com', `10.0.1.${i}`);
    await l.reserve('sam@example.com', '10.0.2.1'); // past the limit: one attempt per second from anywhere
    const error = await refused(l.reserve('sam@example.com', '10.0.2.2'));
    expect(error.message).toMatch(/slowed down/);
    now += 1000;
    await l.reserve('sam@example.com', '10.0.2.3');
    await l.succeeded('sam@example.com', '10.0.2.3');
    await expect(l.reserve('sam@example.com', '10.0.2.4')).resolves.toBeUndefined();
  });

  it('refuses an address trying many accounts (5x the limit)', async () => {
    const l = limiter();
    for (let i = 0; i < 15; i++) await l.reserve(`user${i}@example.com`, '10.9.9.9');
    const error = await refused(l.reserve('another@example.com', '10.9.9.9'));
    expect(error.message).toMatch(/from this address/);
  });
});
