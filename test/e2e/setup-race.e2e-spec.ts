// First-run setup under a race: of 8 simultaneous setups exactly one creates a practice, the rest get a 409.
import { Practice, User } from '@app/practices';
import { startTestApp, TestApp } from '../support/test-app';

describe('first-run setup raced by 8 simultaneous requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets exactly one win and answers 409 to the others', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => ({
      practiceName: `Racing Practice ${i}`,
      timezone: 'America/Chicago',
      adminName: `Admin ${i}`,
      adminEmail: `admin-${i}@race.example`,
      adminPassword: 'Verbena-Harbor-Kettle-42',
    }));
    const responses = await Promise.all(bodies.map((body) => t.http.post('/api/setup').send(body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringContaining('already'),
      });
    }
    expect(await t.resources.dataSource.getRepository(Practice).count()).toBe(1);
    expect(await t.resources.dataSource.getRepository(User).count()).toBe(1);
  });
});
