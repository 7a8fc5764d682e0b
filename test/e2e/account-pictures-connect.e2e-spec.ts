// Account pictures read when an account is connected, on both connect paths (OAuth and a pasted token), for every
// network: the LinkedIn page's logo (the organization's `logoV2` asset, served by the Images API's `downloadUrl`) and
// the Google location's profile photo (v4 `media.list`, category PROFILE, else LOGO) as well as Facebook's, X's and
// Instagram's. A page or location without one has none (the previews then show initials).
import { SocialAccount } from '@app/accounts';
import { HttpTransport } from '@app/publishing';
import { startFakes, type RunningFakes } from '../fakes';
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(90_000);

const PUBLIC_URL = 'https://planner.example-dental.test';
const LOGO_ASSET = 'C4D0BAQHsmileLogo0001';
const DOWNTOWN_PROFILE = 'AF1QipProfileDowntown01';

describe('account pictures on connect', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let transport: HttpTransport;

  beforeAll(async () => {
    fakes = await startFakes();
    transport = new HttpTransport({ ca: fakes.caPem, timeoutMs: 5000 });
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL });
    practice = await createPractice(t, 'Cedar Grove Dental', 'America/Chicago');
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  const rows = () => t.resources.dataSource.getRepository(SocialAccount).findBy({ practiceId: practice.practiceId });
  const pictureOf = async (network: SocialAccount['network'], externalId: string) =>
    (await rows()).find((a) => a.network === network && a.externalId === externalId)?.pictureUrl;

  /** The browser's round trip through the fake's consent page; a pick (several pages) is answered with all of them. */
  async function connectOAuth(network: string): Promise<void> {
    const start = await t.http.get(`/api/accounts/connect/${network}`).set(bearer(practice.admin)).expect(302);
    const cookie = ([] as string[])
      .concat(start.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`planner_oauth_${network}=`))!
      .split(';')[0];
    const answer = await transport.request({ method: 'GET', url: start.headers.location });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.location);
    const done = await t.http.get(`${back.pathname}${back.search}`).set('Cookie', cookie).expect(302);
    const pick = new URL(done.headers.location, PUBLIC_URL).searchParams.get('pick');
    if (!pick) return;
    const chosen = new URL(done.headers.location, PUBLIC_URL).searchParams.get('network')!;
    const pages = (
      await t.http.get(`/api/accounts/connect/${chosen}/pages`).query({ pick }).set(bearer(practice.admin)).expect(200)
    ).body.pages as Array<{ id: string }>;
    await t.http
      .post(`/api/accounts/connect/${chosen}/pages`)
      .set(bearer(practice.admin))
      .send({ pick, pageIds: pages.map((p) => p.id) })
      .expect(201);
  }

  it('connecting through OAuth stores each account’s picture: LinkedIn’s logo, Google’s profile photo, X, Facebook, Instagram', async () => {
    for (const network of ['linkedin', 'google_business', 'x', 'facebook', 'instagram']) await connectOAuth(network);
    const [downtown, northside] = fakes.google.locationParents();

    // LinkedIn: the Images API's downloadUrl for the logo asset, which serves the picture itself.
    const logo = await pictureOf('linkedin', '2414183');
    expect(logo).toBe(`${fakes.linkedin.url}/dms-downloads/logo-${LOGO_ASSET}`);
    const served = await transport.request({ method: 'GET', url: logo! });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    // Google: the PROFILE photo, not the cover listed before it; a location with no photo has no picture.
    expect(await pictureOf('google_business', downtown)).toBe(`${fakes.google.url}/__media/gbp/${DOWNTOWN_PROFILE}`);
    expect(await pictureOf('google_business', northside)).toBeNull();
    for (const network of ['x', 'facebook', 'instagram'] as const)
      for (const row of (await rows()).filter((a) => a.network === network))
        expect(row.pictureUrl).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:\\d+/__media/`));

    // The API and the composer's account list carry them.
    const listed = (await t.http.get('/api/accounts').set(bearer(practice.admin)).expect(200)).body as Array<{
      network: string;
      externalId: string;
      pictureUrl: string | null;
    }>;
    expect(listed.find((a) => a.network === 'linkedin')?.pictureUrl).toBe(logo);
  });

  it('a pasted token reads the picture too, and a page or location without one stores none', async () => {
    const repo = t.resources.dataSource.getRepository(SocialAccount);
    await repo.update({ practiceId: practice.practiceId }, { pictureUrl: null });
    const li = fakes.linkedin.issueTestToken();
    await t.http
      .post('/api/accounts')
      .set(bearer(practice.admin))
      .send({ network: 'linkedin', accessToken: li.accessToken, externalAccountId: 'urn:li:organization:2414183' })
      .expect(201);
    expect(await pictureOf('linkedin', '2414183')).toBe(`${fakes.linkedin.url}/dms-downloads/logo-${LOGO_ASSET}`);

    const google = fakes.google.issueTestToken();
    for (const parent of google.locations)
      await t.http
        .post('/api/accounts')
        .set(bearer(practice.admin))
        .send({ network: 'google_business', accessToken: google.accessToken, externalAccountId: parent })
        .expect(201);
    expect(await pictureOf('google_business', google.locations[0])).toBe(
      `${fakes.google.url}/__media/gbp/${DOWNTOWN_PROFILE}`,
    );
    expect(await pictureOf('google_business', google.locations[1])).toBeNull();

    // A LinkedIn page with no logo: connected, no picture (never a failed connect).
    fakes.linkedin.organizations.set('5550002', {
      id: '5550002',
      localizedName: 'Cedar Grove Kids',
      vanityName: 'cedar-grove-kids',
      admins: [li.memberId],
    });
    const plain = await t.http
      .post('/api/accounts')
      .set(bearer(practice.admin))
      .send({ network: 'linkedin', accessToken: li.accessToken, externalAccountId: '5550002' })
      .expect(201);
    expect(plain.body).toMatchObject({ name: 'Cedar Grove Kids', pictureUrl: null });
  });

  it('a logo LinkedIn cannot serve right now leaves the account connected without a picture', async () => {
    const li = fakes.linkedin.issueTestToken();
    fakes.linkedin.images.delete(`urn:li:image:${LOGO_ASSET}`);
    await t.resources.dataSource
      .getRepository(SocialAccount)
      .update({ practiceId: practice.practiceId, network: 'linkedin' }, { pictureUrl: null });
    const res = await t.http
      .post('/api/accounts')
      .set(bearer(practice.admin))
      .send({ network: 'linkedin', accessToken: li.accessToken, externalAccountId: '2414183' })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'connected', pictureUrl: null });
  });
});
