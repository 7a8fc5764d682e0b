// The compose previews' link card endpoint: signed-in only, http(s) only, and never a private or local address.
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/link-preview', () => {
  let t: TestApp;
  let practice: TestPractice;
  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Cedar Dental', 'America/Denver');
  });
  afterAll(() => t.close());

  const preview = (url: string) =>
    t.http.get(`/api/link-preview?url=${encodeURIComponent(url)}`).set(bearer(practice.admin));

  it('refuses the machine itself, the LAN and cloud metadata with a 400 that says why', async () => {
    for (const url of [
      'http://127.0.0.1:3000/api/health',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/',
      'http://localhost/',
      'http://[::1]/',
    ]) {
      const res = await preview(url).expect(400);
      expect(res.body.message).toMatch(/private or local/);
    }
  });

  it('refuses what is not a web address, and asks for a session', async () => {
    expect(JSON.stringify((await preview('file:///etc/passwd').expect(400)).body.message)).toMatch(/web address/);
    await preview('not a url').expect(400);
    await t.http.get('/api/link-preview?url=https%3A%2F%2Fexample.com').expect(401);
  });
});
