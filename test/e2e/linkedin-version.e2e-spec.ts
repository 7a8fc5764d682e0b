// LinkedIn retires each monthly API version after about a year (426 NONEXISTENT_VERSION). The operator is warned
// well before (health and log, not every practice), and posts refused for a retired version are retried only once
// LINKEDIN_VERSION has been changed: here a second app on the same database stands for the fixed, restarted one.
import { DateTime } from 'luxon';
import { Alert } from '@app/alerts';
import { linkedInVersionStatus } from '@app/publishing';
import { bearer, uniqueTag } from '../support/factories';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(90_000);

const version = (at: DateTime) => at.toFormat('yyyyLL');
const now = DateTime.utc();
/** Released 11 months ago: still accepted, about a month from its sunset. */
const OLD = version(now.minus({ months: 11 }));
const FIXED = version(now);

describe('LinkedIn version sunset', () => {
  let f: PublishingFixture;
  let fixed: TestApp | undefined;

  beforeAll(async () => {
    f = await startPublishingFixture({
      practiceName: 'Sunset Orthodontics',
      zone: 'America/Denver',
      env: { LINKEDIN_VERSION: OLD },
    });
  });
  afterAll(async () => {
    await fixed?.close();
    await f?.close();
  });

  it('warns the operator in /api/health weeks before the configured version is retired', async () => {
    const health = (await f.t.http.get('/api/health').expect(200)).body;
    const expected = linkedInVersionStatus(OLD, new Date());
    expect(health.linkedinVersion).toEqual({
      version: OLD,
      sunsetsAround: expected.sunsetsAround,
      daysLeft: expected.daysLeft,
      state: 'ending_soon',
    });
    expect(health.warnings).toEqual([expect.stringContaining(`LINKEDIN_VERSION ${OLD} is expected to be retired`)]);
  });

  it('a target refused for the retired version is retried only after LINKEDIN_VERSION is changed', async () => {
    const { t, fakes, reviewer, practice } = f;
    // LinkedIn sunsets the version: from now on it answers 426 NONEXISTENT_VERSION.
    fakes.linkedin.minVersion = version(now.minus({ months: 10 }));
    const post = await f.approvedPost({ baseText: `Braces care night ${uniqueTag()}` }, ['linkedin']);
    const failed = (await t.http.post(`/api/posts/${post.id}/publish-now`).set(bearer(reviewer)).expect(200)).body;
    expect(failed.targets[0]).toMatchObject({ status: 'failed', lastErrorKind: 'version_retired' });
    const openAlert = () =>
      t.resources.dataSource
        .getRepository(Alert)
        .findOneBy({ practiceId: practice.practiceId, dedupeKey: 'version_retired:linkedin', openMarker: 'open' });
    expect((await openAlert())?.details).toMatchObject({ setting: 'LINKEDIN_VERSION', version: OLD });

    // Still configured with the retired version: a retry would only fail again, so it is refused with the fix.
    const refused = await t.http.post(`/api/posts/${post.id}/retry`).set(bearer(reviewer)).send({}).expect(409);
    expect(refused.body.message).toMatch(new RegExp(`retired API version ${OLD}.*LINKEDIN_VERSION`));
    expect(fakes.linkedin.published).toHaveLength(0);

    // The operator sets a current version and restarts: the same database, a process with the new setting.
    const config = t.resources.config;
    fixed = await startTestApp({
      ...fakes.env,
      NETWORK_CA_FILE: fakes.caFile!,
      LINKEDIN_VERSION: FIXED,
      DATABASE_URL: config.DATABASE_URL,
      ...(config.DATABASE_SCHEMA ? { DATABASE_SCHEMA: config.DATABASE_SCHEMA } : {}),
      DATA_DIR: config.DATA_DIR,
      SECRET_KEY: config.SECRET_KEY,
    });
    expect((await fixed.http.get('/api/health').expect(200)).body).toMatchObject({
      warnings: [],
      linkedinVersion: { version: FIXED, state: 'current' },
    });
    const retried = (await fixed.http.post(`/api/posts/${post.id}/retry`).set(bearer(reviewer)).send({}).expect(200))
      .body;
    expect(retried.targets[0]).toMatchObject({ status: 'published', externalId: expect.stringMatching(/^urn:li:/) });
    expect(fakes.linkedin.published).toHaveLength(1);
    expect(await openAlert()).toBeNull();
  });
});
