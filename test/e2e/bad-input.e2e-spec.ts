// Bad input gets a clear 400 on every JSON endpoint, never a 500, and changes nothing.
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('bad input', () => {
  let t: TestApp;
  let practice: TestPractice;
  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t);
  });
  afterAll(() => t.close());

  it.each([
    ['post', '/api/auth/login'],
    ['post', '/api/setup'],
    ['post', '/api/posts'],
    ['patch', '/api/practice'],
    ['post', '/api/users'],
  ] as const)('refuses JSON nested 3,000 levels deep on %s %s with a 400', async (method, path) => {
    const res = await t.http[method](path)
      .set(bearer(practice.admin))
      .set('Content-Type', 'application/json')
      .send(nested(3000));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nested more than 32 levels/);
  });

  it('refuses a lone surrogate in an e-mail and a NUL in text with a 400', async () => {
    const lone = await t.http
      .post('/api/auth/login')
      .send({ email: 'a\uD800b@example.test', password: 'whatever-it-is' });
    expect(lone.status).toBe(400);
    expect(lone.body.message).toMatch(/lone UTF-16 surrogate/);
    const nul = await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ name: 'Bright\u0000Smiles' });
    expect(nul.status).toBe(400);
    expect(nul.body.message).toMatch(/NUL/);
    const query = await t.http.get('/api/posts?search=%00').set(bearer(practice.admin));
    expect(query.status).toBe(400);
  });

  it('keeps emoji and other astral characters (surrogate pairs)', async () => {
    await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ name: 'Bright Smiles 😁' }).expect(200);
  });

  it('refuses an empty time zone instead of storing it', async () => {
    const res = await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ timezone: '' }).expect(400);
    expect(res.body.message).toMatch(/timezone/);
    expect((await t.http.get('/api/practice').set(bearer(practice.admin)).expect(200)).body.timezone).toBe(
      'America/Chicago',
    );
  });
});
