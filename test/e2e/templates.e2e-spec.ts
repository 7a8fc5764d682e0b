// Templates over HTTP: the seeded library, previews with the practice's details, practice templates
// whose unknown variables are refused at save, and drafts started from a template.
import { bearer, createAccount, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('templates', () => {
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Maple Street Dental', 'America/Chicago');
    author = await practice.user(['author']);
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({
        profile: {
          phones: ['(312) 555-0199'],
          portalUrl: 'https://portal.maple.example',
          bookingUrl: 'https://maple.example/book',
          website: 'https://maple.example',
        },
      })
      .expect(200);
  });
  afterAll(() => t.close());

  it('lists at least 40 seeded templates, evergreen and dated, including patient-portal invitations', async () => {
    const list = (await t.http.get('/api/templates').set(bearer(author)).expect(200)).body as Array<{
      kind: string;
      category: string;
      source: string;
    }>;
    expect(list.length).toBeGreaterThanOrEqual(40);
    expect(list.filter((x) => x.category === 'patient_portal').length).toBeGreaterThanOrEqual(8);
    expect(new Set(list.map((x) => x.kind))).toEqual(new Set(['evergreen', 'dated']));
    expect(list.every((x) => x.source === 'library')).toBe(true);
  });

  it("previews a portal template with the practice's own portal link on every network", async () => {
    const list = (await t.http.get('/api/templates').set(bearer(author)).expect(200)).body as Array<{
      key: string;
      category: string;
      body: string;
    }>;
    const portal = list.find((x) => x.category === 'patient_portal' && x.body.includes('{{practice.portalUrl}}'))!;
    const preview = (await t.http.post(`/api/templates/${portal.key}/preview`).set(bearer(author)).send({}).expect(200))
      .body;
    for (const network of ['facebook', 'linkedin', 'x'])
      expect(preview[network].text).toContain('https://portal.maple.example');
  });

  it('refuses a practice template with an unknown variable, naming it, and saves a good one', async () => {
    const base = {
      key: 'saturday-hours',
      title: 'Saturday hours',
      category: 'office_news',
      specialties: ['dental'],
      kind: 'evergreen',
      hashtags: [],
    };
    const bad = await t.http
      .put('/api/templates')
      .set(bearer(author))
      .send({ ...base, body: 'Open Saturdays! Call {{practice.telephone}}.' })
      .expect(400);
    expect(bad.body.message).toContain('practice.telephone');
    const saved = (
      await t.http
        .put('/api/templates')
        .set(bearer(author))
        .send({ ...base, body: 'Open Saturdays 9-1! Call {{practice.phone}}.' })
        .expect(200)
    ).body;
    expect(saved).toMatchObject({ key: 'saturday-hours', source: 'practice' });
    const other = await createPractice(t, 'Other Practice');
    await t.http.get('/api/templates/saturday-hours').set(bearer(other.admin)).expect(404);
    await t.http
      .put('/api/templates')
      .set(bearer(author))
      .send({ ...base, key: (await t.http.get('/api/templates').set(bearer(author))).body[1].key, body: 'x' })
      .expect(409);
  });

  it('starts a draft from a template, with its variables checked', async () => {
    const account = await createAccount(t, practice.practiceId, 'x');
    const list = (await t.http.get('/api/templates').set(bearer(author)).expect(200)).body as Array<{
      key: string;
      requiredVars?: Array<{ name: string; example: string }>;
    }>;
    const withVars = list.find((x) => x.requiredVars?.length)!;
    const missing = await t.http
      .post(`/api/templates/${withVars.key}/draft`)
      .set(bearer(author))
      .send({ targetAccountIds: [account.id] })
      .expect(400);
    expect(missing.body.missing).toEqual(withVars.requiredVars!.map((v) => v.name));
    const vars = Object.fromEntries(withVars.requiredVars!.map((v) => [v.name, v.example]));
    const post = (
      await t.http
        .post(`/api/templates/${withVars.key}/draft`)
        .set(bearer(author))
        .send({ vars, targetAccountIds: [account.id] })
        .expect(201)
    ).body;
    expect(post).toMatchObject({ status: 'draft', templateKey: withVars.key, templateVars: vars });
    const full = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body;
    expect(full.problems).toEqual([]);
    expect(full.rendered.x).not.toMatch(/\{\{/);
  });
});
