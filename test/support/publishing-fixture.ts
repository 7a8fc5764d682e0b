// What every publishing e2e suite starts from: the network fakes, a running app, one practice with an
// author, a reviewer and connected Facebook, LinkedIn and X accounts, and a way to get a post approved.
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from './factories';
import { connectFakeAccounts, FakeAccounts } from './fake-accounts';
import { startTestApp, TestApp } from './test-app';

export interface PublishingFixture {
  fakes: RunningFakes;
  t: TestApp;
  practice: TestPractice;
  author: TestUser;
  reviewer: TestUser;
  accounts: FakeAccounts;
  /** Creates, submits and approves a post on these accounts (all three by default); returns the approval answer. */
  approvedPost(
    body: Record<string, unknown>,
    networks?: Array<keyof FakeAccounts>,
  ): Promise<{ id: string; status: string }>;
  /** Closes the app, then the fakes. */
  close(): Promise<void>;
}

export async function startPublishingFixture(options: {
  practiceName: string;
  zone: string;
  env?: Record<string, string>;
}): Promise<PublishingFixture> {
  const fakes = await startFakes();
  const t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, ...options.env });
  const practice = await createPractice(t, options.practiceName, options.zone);
  const author = await practice.user(['author']);
  const reviewer = await practice.user(['reviewer']);
  const accounts = await connectFakeAccounts(t, fakes, practice.practiceId);
  return {
    fakes,
    t,
    practice,
    author,
    reviewer,
    accounts,
    async approvedPost(body, networks = ['facebook', 'linkedin', 'x']) {
      const post = (
        await t.http
          .post('/api/posts')
          .set(bearer(author))
          .send({ targetAccountIds: networks.map((n) => accounts[n].id), ...body })
          .expect(201)
      ).body;
      await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
      const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
      return (
        await t.http
          .post(`/api/posts/${post.id}/approve`)
          .set(bearer(reviewer))
          .send({ contentHash: seen.contentHash })
          .expect(200)
      ).body;
    },
    async close() {
      await t.close();
      await fakes.close();
    },
  };
}
