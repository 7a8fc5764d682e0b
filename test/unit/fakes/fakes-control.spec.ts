// The fakes themselves: the HTTP control API (for fault scripts in other processes), fault counts,
// plain HTTP mode, the CA file, and rejections a real network would make.
import { readFileSync } from 'node:fs';
import { HttpTransport, XClient } from '@app/publishing';
import { startFakes, type RunningFakes } from '../../fakes';

/** The fields of the control API's answers that these tests read (each then checked with expect). */
interface ControlAnswer {
  faults: unknown[];
  posts: unknown[];
  requests: unknown;
  accessToken: string;
  error: { code?: number };
}
describe('network fakes: control API over HTTPS', () => {
  let fakes: RunningFakes;
  let http: HttpTransport;
  const json = async (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => {
    const response = await http.request({
      method,
      url,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      headers: response.headers,
      body: response.body.length ? (JSON.parse(response.body.toString()) as ControlAnswer) : ({} as ControlAnswer),
    };
  };

  beforeAll(async () => {
    fakes = await startFakes();
    http = new HttpTransport({ ca: fakes.caPem, timeoutMs: 3000 });
  });
  afterAll(() => fakes.close());
  beforeEach(() => fakes.reset());

  it('listens on 127.0.0.1 over HTTPS and writes the CA for NODE_EXTRA_CA_CERTS', () => {
    for (const fake of [fakes.facebook, fakes.linkedin, fakes.x])
      expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fakes.env.NODE_EXTRA_CA_CERTS).toBe(fakes.caFile);
    expect(readFileSync(fakes.caFile!, 'utf8')).toBe(fakes.caPem);
    expect(fakes.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('an untrusting client cannot connect (the certificate is really checked)', async () => {
    const untrusting = new HttpTransport({ timeoutMs: 3000 });
    await expect(untrusting.request({ method: 'GET', url: `${fakes.x.url}/__control` })).rejects.toMatchObject({
      name: 'TransportError',
      requestSent: false,
    });
  });

  it('adds, lists and clears faults over HTTP; a fault hits N times then stops', async () => {
    const added = await json('POST', `${fakes.x.url}/__control/faults`, { kind: 'server_error', times: 2 });
    expect(added.status).toBe(201);
    expect(added.body.faults[0]).toMatchObject({ kind: 'server_error', operation: 'api', remaining: 2 });
    const token = fakes.x.issueTestToken().accessToken;
    const me = () =>
      http.request({ method: 'GET', url: `${fakes.x.url}/2/users/me`, headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(503);
    expect((await me()).status).toBe(503);
    expect((await me()).status).toBe(200);

    await json('POST', `${fakes.x.url}/__control/faults`, {
      kind: 'server_error',
      times: 'until_cleared',
      operation: 'me',
    });
    for (let i = 0; i < 3; i++) expect((await me()).status).toBe(503);
    expect((await json('GET', `${fakes.x.url}/__control/faults`)).body.faults[0]).toMatchObject({
      times: 'until_cleared',
    });
    await json('DELETE', `${fakes.x.url}/__control/faults`);
    expect((await me()).status).toBe(200);
  });

  it('refuses an unknown fault kind with a useful message', async () => {
    const response = await json('POST', `${fakes.linkedin.url}/__control/faults`, { kind: 'meteor_strike' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/unknown fault kind meteor_strike/);
  });

  it('pre-issues, expires and revokes tokens over HTTP; posts and the request log are readable', async () => {
    const issued = await json('POST', `${fakes.linkedin.url}/__control/tokens`, {});
    expect(issued.body).toMatchObject({
      accessToken: expect.stringMatching(/^AQV/),
      refreshToken: expect.any(String),
      organizationIds: ['2414183'],
    });
    const headers = {
      authorization: `Bearer ${issued.body.accessToken}`,
      'linkedin-version': '202601',
      'x-restli-protocol-version': '2.0.0',
    };
    const org = () => http.request({ method: 'GET', url: `${fakes.linkedin.url}/rest/organizations/2414183`, headers });
    expect((await org()).status).toBe(200);
    await json('POST', `${fakes.linkedin.url}/__control/tokens/expire`, { token: issued.body.accessToken });
    const expired = await org();
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.body.toString())).toMatchObject({
      code: 'EXPIRED_ACCESS_TOKEN',
      serviceErrorCode: 65602,
    });
    expect((await json('POST', `${fakes.linkedin.url}/__control/tokens/revoke`, { token: 'nope' })).status).toBe(404);

    expect((await json('GET', `${fakes.linkedin.url}/__control/posts`)).body.posts).toEqual([]);
    const log = (await json('GET', `${fakes.linkedin.url}/__control/requests`)).body.requests as Array<{
      operation: string;
      status: number;
    }>;
    expect(log.map((r) => [r.operation, r.status])).toEqual([
      ['read', 200],
      ['read', 401],
    ]);
  });

  it('Facebook accepts any /vNN.N/ prefix and answers Graph errors for tokens it did not issue', async () => {
    const page = fakes.facebook.issueTestToken({ kind: 'page' }).accessToken;
    for (const version of ['v19.0', 'v24.0', 'v27.0']) {
      const response = await json('GET', `${fakes.facebook.url}/${version}/me?access_token=${page}`);
      expect(response.status).toBe(200);
      expect(response.headers['facebook-api-version']).toBe(version);
    }
    const forged = await json('GET', `${fakes.facebook.url}/v24.0/me?access_token=EAAforged`);
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatchObject({ code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
    expect(forged.headers['www-authenticate']).toMatch(/invalid_token/);
    const missing = await json('GET', `${fakes.facebook.url}/v24.0/me`);
    expect(missing.body.error.code).toBe(104);
  });

  it('X reports rate-limit headers per user and endpoint', async () => {
    const token = fakes.x.issueTestToken().accessToken;
    const first = await http.request({
      method: 'GET',
      url: `${fakes.x.url}/2/users/${'1600000000000000001'}/tweets?max_results=5`,
      headers: { authorization: `Bearer ${token}` },
    });
    const second = await http.request({
      method: 'GET',
      url: `${fakes.x.url}/2/users/${'1600000000000000001'}/tweets?max_results=5`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(first.headers['x-rate-limit-limit']).toBe('900');
    expect(Number(first.headers['x-rate-limit-remaining']) - Number(second.headers['x-rate-limit-remaining'])).toBe(1);
    expect(JSON.parse(first.body.toString())).toEqual({ meta: { result_count: 0 } });
    const bad = await http.request({
      method: 'GET',
      url: `${fakes.x.url}/2/users/1600000000000000001/tweets?max_results=1`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(400);
  });
});

describe('network fakes: plain HTTP mode', () => {
  let fakes: RunningFakes;
  beforeAll(async () => {
    fakes = await startFakes({ tls: false });
  });
  afterAll(() => fakes.close());

  it('serves http:// with no CA, and the real clients work against it', async () => {
    expect(fakes.x.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fakes.caPem).toBeUndefined();
    expect(fakes.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
    const client = new XClient({ apiUrl: fakes.x.url, timeoutMs: 3000 });
    const account = { accessToken: fakes.x.issueTestToken().accessToken, externalAccountId: '1600000000000000001' };
    const result = await client.publish(account, { text: 'Plain HTTP works' });
    expect(fakes.x.posts()[0].id).toBe(result.externalId);
  });
});
