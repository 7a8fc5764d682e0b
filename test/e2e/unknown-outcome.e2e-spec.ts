// A post whose last answer from the network was lost may be live: it is never called failed before its post was
// looked for. At the attempt limit the lost answer gets one more attempt that only reads back; past the lateness
// limit a retry reads back before it says "too late". Either way a live post is recorded and nothing is posted twice.
import { PostTarget } from '@app/posts';
import { MAX_ATTEMPTS, TargetPublisher } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { uniqueTag } from '../support/factories';
import { FakeAccounts, reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import type { TestApp } from '../support/test-app';

const MAX_LATENESS_MINUTES = 60;

describe('a post whose last answer was lost', () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let accounts: FakeAccounts;
  let publisher: TargetPublisher;

  beforeAll(async () => {
    f = await startPublishingFixture({
      practiceName: 'Cedar Bend Family Dental',
      zone: 'America/Chicago',
      env: { MAX_LATENESS_MINUTES: String(MAX_LATENESS_MINUTES) },
    });
    ({ fakes, t, accounts } = f);
    publisher = t.app.get(TargetPublisher);
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    await reissueFakeTokens(t, fakes, accounts);
  });

  const targets = () => t.resources.dataSource.getRepository(PostTarget);
  const reread = (id: string) => targets().findOneByOrFail({ id });

  /** An approved X post whose target is due now, as after `attempts` earlier attempts that failed plainly. */
  async function dueXTarget(text: string, attempts = 0): Promise<PostTarget> {
    const post = await f.approvedPost({ baseText: `${text} ${uniqueTag()}` }, ['x']);
    const [target] = await targets().findBy({ postId: post.id });
    await targets().update(
      { id: target.id },
      {
        status: 'scheduled',
        dueAt: new Date(Date.now() - 1000),
        attempts,
        ...(attempts ? { lastErrorKind: 'transient', lastError: 'X had a temporary problem' } : {}),
      },
    );
    return reread(target.id);
  }

  /** The retry (or the check) is due now. */
  const dueAgain = (id: string) => targets().update({ id }, { nextAttemptAt: new Date(Date.now() - 1000) });

  it('does not fail the last attempt when its answer was lost: a read-back finds the post and records it', async () => {
    const target = await dueXTarget('Flu shots this Saturday', MAX_ATTEMPTS - 1);
    // X stores the post, then the connection drops before its answer.
    fakes.x.fail({ kind: 'accept_then_reset', operation: 'publish' });
    const last = await publisher.publish(target.id, 'worker-a');
    expect(last).toMatchObject({ result: 'retry' });
    expect(await reread(target.id)).toMatchObject({
      status: 'scheduled',
      attempts: MAX_ATTEMPTS,
      lastErrorKind: 'unknown_outcome',
    });
    expect(fakes.x.posts()).toHaveLength(1);

    await dueAgain(target.id);
    expect(await publisher.publish(target.id, 'worker-b')).toMatchObject({ result: 'published', recovered: true });
    expect(fakes.x.posts()).toHaveLength(1);
    expect(await reread(target.id)).toMatchObject({ status: 'published', externalId: fakes.x.posts()[0].id });
  });

  it('fails it without posting again when the read-back after the lost answer finds nothing', async () => {
    const target = await dueXTarget('Closed for the holiday', MAX_ATTEMPTS - 1);
    // A gateway timeout on the create: X may or may not have posted (here it did not).
    fakes.x.fail({ kind: 'server_error', operation: 'publish', status: 504 });
    expect(await publisher.publish(target.id, 'worker-a')).toMatchObject({ result: 'retry' });
    expect(fakes.x.posts()).toHaveLength(0);

    await dueAgain(target.id);
    const check = await publisher.publish(target.id, 'worker-b');
    expect(check).toMatchObject({ result: 'failed', reason: expect.stringMatching(/no such post/) });
    expect(fakes.x.posts()).toHaveLength(0);
    expect(fakes.x.requests.filter((r) => r.operation === 'publish')).toHaveLength(1);
    expect(await reread(target.id)).toMatchObject({ status: 'failed', lastErrorKind: 'unknown_outcome' });
  });

  it('reads back before calling a retry too late: the post an earlier attempt made is recorded', async () => {
    const target = await dueXTarget('New patient forms are online');
    fakes.x.fail({ kind: 'accept_then_reset', operation: 'publish' });
    expect(await publisher.publish(target.id, 'worker-a')).toMatchObject({ result: 'retry' });
    expect(fakes.x.posts()).toHaveLength(1);
    // The retry comes after the lateness limit (a long outage of the workers, say).
    await targets().update(
      { id: target.id },
      { dueAt: new Date(Date.now() - (MAX_LATENESS_MINUTES + 5) * 60_000), nextAttemptAt: new Date(Date.now() - 1000) },
    );

    expect(await publisher.publish(target.id, 'worker-b')).toMatchObject({ result: 'published', recovered: true });
    expect(fakes.x.posts()).toHaveLength(1);
    expect((await reread(target.id)).status).toBe('published');
  });

  it('still fails a retry too late, posting nothing, when no earlier attempt reached the network', async () => {
    const target = await dueXTarget('Parking lot repaving Monday');
    fakes.x.fail({ kind: 'server_error', operation: 'publish', status: 503 });
    expect(await publisher.publish(target.id, 'worker-a')).toMatchObject({ result: 'retry' });
    await targets().update(
      { id: target.id },
      { dueAt: new Date(Date.now() - (MAX_LATENESS_MINUTES + 5) * 60_000), nextAttemptAt: new Date(Date.now() - 1000) },
    );

    expect(await publisher.publish(target.id, 'worker-b')).toMatchObject({ result: 'failed' });
    expect(fakes.x.posts()).toHaveLength(0);
    expect(await reread(target.id)).toMatchObject({ status: 'failed', lastErrorKind: 'too_late' });
  });
});
