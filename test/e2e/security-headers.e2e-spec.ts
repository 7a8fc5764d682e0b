// Security headers on API responses, and HSTS only when the app is reached over https.
import { startTestApp, TestApp } from '../support/test-app';

describe('security headers', () => {
  describe('with an http PUBLIC_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_URL: 'http://localhost:3000' });
    });
    afterAll(() => t.close());

    it.each(['/api/setup', '/api/users/me', '/api/no-such-route'])('sets them on %s, without HSTS', async (path) => {
      const res = await t.http.get(path);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it("keeps the pages' own policy", async () => {
      const res = await t.http.get('/setup').expect(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-frame-options']).toBe('DENY');
    });
  });

  describe('with an https PUBLIC_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_URL: 'https://planner.example-dental.com' });
    });
    afterAll(() => t.close());

    it('adds HSTS for a year, subdomains included, and upgrades insecure requests', async () => {
      const res = await t.http.get('/api/setup').expect(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    });
  });
});
