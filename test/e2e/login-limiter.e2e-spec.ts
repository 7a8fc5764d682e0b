// Password guessing under concurrency: attempts are counted atomically before the password is checked, per
// account and per address, and a guesser slows the owner down instead of locking them out everywhere.
import { createPractice, PASSWORD, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const LIMIT = 5;

describe('login limiter', () => {
  let t: TestApp;
  let practice: TestPractice;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_15_MIN: String(LIMIT) });
    practice = await createPractice(t);
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, from: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('checks no more than the limit of 100 parallel guesses from one address, and the owner still gets in from theirs', async () => {
    const victim = await practice.user(['author']);
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(victim.email, `wrong-guess-${i}-xyz`, '203.0.113.7')),
    );
    const checked = guesses.filter((r) => r.status === 401).length;
    expect(checked).toBe(LIMIT);
    expect(guesses.filter((r) => r.status === 429)).toHaveLength(100 - LIMIT);
    expect(Number(guesses.find((r) => r.status === 429)!.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused from the guessing address...
    await login(victim.email, PASSWORD, '203.0.113.7').expect(429);
    // ...but not from the owner's.
    await login(victim.email, PASSWORD, '198.51.100.20').expect(200);
  });

  it('slows 100 parallel guesses from 100 addresses down to a trickle, and the owner waits seconds, not 15 minutes', async () => {
    const victim = await practice.user(['reviewer']);
    const started = Date.now();
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        login(victim.email, `wrong-guess-${i}-xyz`, `10.9.${Math.floor(i / 250)}.${i + 1}`),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const checked = guesses.filter((r) => r.status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(LIMIT);
    // Past the limit one guess per interval (1 s, then 2 s, 4 s...) is checked, however many addresses ask: one at
    // once, one after 1 s, 3 s, 7 s... (a loaded machine may take seconds over the hundred).
    expect(checked).toBeLessThanOrEqual(LIMIT + 1 + Math.floor(Math.log2(1 + seconds)));
    expect(guesses.filter((r) => r.status === 429).length).toBe(100 - checked);

    let owner = await login(victim.email, PASSWORD, '198.51.100.30');
    if (owner.status === 429) {
      const wait = Number(owner.headers['retry-after']);
      expect(wait).toBeLessThanOrEqual(30);
      expect(owner.body.message).toMatch(/slowed down/);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 50));
      owner = await login(victim.email, PASSWORD, '198.51.100.30');
    }
    expect(owner.status).toBe(200);
  });

  it('blocks an address that guesses across many accounts for a while', async () => {
    const from = '203.0.113.99';
    const results = await Promise.all(
      Array.from({ length: LIMIT * 5 + 10 }, (_, i) => login(`nobody-${i}@example.test`, 'wrong-guess-xyz', from)),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(LIMIT * 5);
    const fresh = await practice.user(['author']);
    const blocked = await login(fresh.email, PASSWORD, from).expect(429);
    expect(blocked.body.message).toMatch(/from this address/);
    await login(fresh.email, PASSWORD, '198.51.100.40').expect(200);
  });
});
