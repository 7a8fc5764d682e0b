// Peer failure postiz #1321: a post went live, then was re-posted in a loop, because a step after the network's
// 2xx threw and the whole publish was retried. Here each step that runs after the network said yes throws once:
// the fallback that keeps the network id when the record transaction fails, the account's last-published time,
// the resolution of the target's earlier alert, and (queue mode) the Bull job's completion. Each time the network
// gets exactly one publish call and the target ends published with that post's id. (The record transaction with
// its audit entries throwing is in publish-now.e2e-spec.ts.)
import type { Job, Queue } from 'bull';
import { AccountsService, SocialAccount } from '@app/accounts';
import { AlertsService } from '@app/alerts';
import { PostTarget, TargetStore } from '@app/posts';
import { PUBLISH_BULL_QUEUE, PublishQueue, Reconciler, startWorker, TargetPublisher } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { uniqueTag } from '../support/factories';
import { FakeAccounts, reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { waitFor } from '../support/redis-server';
import { itInQueueMode, type TestApp } from '../support/test-app';

jest.setTimeout(60_000);
const ZONE = 'America/Chicago';

describe('steps after the network said yes (postiz #1321)', () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    f = await startPublishingFixture({
      practiceName: 'Maple Street Pediatrics',
      zone: ZONE,
      env: { NETWORK_TIMEOUT_MS: '1500', RECONCILE_SECONDS: '1', PUBLISH_PREPARE_SECONDS: '1' },
    });
    ({ fakes, t, accounts } = f);
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    await reissueFakeTokens(t, fakes, accounts);
  });
  afterEach(() => jest.restoreAllMocks());

  const targets = () => t.resources.dataSource.getRepository(PostTarget);
  const publisher = () => t.app.get(TargetPublisher);
  const publishCalls = () => fakes.x.requests.filter((r) => r.operation === 'publish');

  /** An approved post on X, scheduled for tomorrow; returns its target. */
  async function scheduledTarget(text: string): Promise<PostTarget> {
    const post = await f.approvedPost({ baseText: `${text} ${uniqueTag()}`, scheduledFor: '2031-05-06T10:00' }, ['x']);
    expect(post.status).toBe('scheduled');
    const [target] = await targets().findBy({ postId: post.id });
    return target;
  }

  /** Due now, as at its time (the scheduler would now run it). */
  const makeDue = (target: PostTarget) =>
    targets().update({ id: target.id }, { dueAt: new Date(Date.now() - 1000), nextAttemptAt: null });

  /** Exactly one call reached X, and the target is published with that post's id. */
  async function expectPublishedOnce(target: PostTarget): Promise<void> {
    expect(publishCalls()).toHaveLength(1);
    const [post] = fakes.x.posts();
    expect(fakes.x.posts()).toHaveLength(1);
    expect(await targets().findOneByOrFail({ id: target.id })).toMatchObject({
      status: 'published',
      externalId: post.id,
      claimedBy: null,
    });
  }

  it('the fallback that keeps the network id throws too (after the record transaction failed): the next attempt finds the post and records it', async () => {
    const target = await scheduledTarget('Fallback id save');
    const store = t.app.get(TargetStore);
    const record = jest.spyOn(store, 'recordPublished').mockRejectedValue(new Error('database went away'));
    const keep = jest.spyOn(store, 'keepNetworkIds').mockRejectedValueOnce(new Error('database went away'));
    await makeDue(target);
    // The network said yes; nothing could be written, so the target still holds this attempt's claim.
    expect(await publisher().publish(target.id, 'worker-a')).toMatchObject({ result: 'published' });
    expect(record).toHaveBeenCalled();
    expect(keep).toHaveBeenCalledTimes(1);
    expect(await targets().findOneByOrFail({ id: target.id })).toMatchObject({ status: 'publishing' });
    record.mockRestore();

    // The worker is gone and its lease ends: the next one takes the target over and reads back before posting.
    await targets().update({ id: target.id }, { leaseUntil: new Date(Date.now() - 1000) });
    expect(await publisher().publish(target.id, 'worker-b')).toMatchObject({ result: 'published', recovered: true });
    await expectPublishedOnce(target);
  });

  it("the account's last-published time cannot be stored", async () => {
    const target = await scheduledTarget('Last published');
    const update = jest
      .spyOn(AccountsService.prototype, 'recordPublishSuccess')
      .mockRejectedValueOnce(new Error('accounts table locked'));
    await makeDue(target);
    expect(await publisher().publish(target.id, 'worker-a')).toMatchObject({ result: 'published', recovered: false });
    await waitFor(() => update.mock.calls.length > 0, 5000, 'the account update was attempted');
    await expectPublishedOnce(target);
  });

  it("the target's earlier alert cannot be resolved (it waited for a reconnect first)", async () => {
    const target = await scheduledTarget('Resolve fails');
    const repo = t.resources.dataSource.getRepository(SocialAccount);
    await repo.update({ id: accounts.x.id }, { status: 'needs_reconnect' });
    await makeDue(target);
    // No call: it waits for the account, and the reason (lastErrorKind) stays on the target until it goes out.
    expect(await publisher().publish(target.id, 'worker-a')).toMatchObject({ result: 'retry' });
    expect(publishCalls()).toHaveLength(0);
    await repo.update({ id: accounts.x.id }, { status: 'connected' });
    const original = AlertsService.prototype.resolve;
    const key = `target_failed:${target.id}`;
    let thrown = 0;
    jest.spyOn(AlertsService.prototype, 'resolve').mockImplementation(function (this: AlertsService, ...args) {
      if (args[1] === key && thrown++ === 0) return Promise.reject(new Error('alerts table locked'));
      return original.apply(this, args);
    });
    await targets().update({ id: target.id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    expect(await publisher().publish(target.id, 'worker-a')).toMatchObject({ result: 'published', recovered: false });
    expect(thrown).toBe(1);
    await expectPublishedOnce(target);
  });

  itInQueueMode('the Bull job cannot be completed: the job fails, and nothing runs the target again', async () => {
    const target = await scheduledTarget('Job completion');
    const queue = t.app.get<Queue>(PUBLISH_BULL_QUEUE);
    // Approving added the target's delayed job (Bull's Job class is reached through it).
    const [scheduled] = (await queue.getDelayed()).filter((j) => j.data.targetId === target.id);
    const jobs = Object.getPrototypeOf(scheduled) as Pick<Job, 'moveToCompleted'>;
    const original = jobs.moveToCompleted;
    let thrown = 0;
    jest.spyOn(jobs, 'moveToCompleted').mockImplementation(function (this: Job, ...args) {
      // Only the run that published (its result is 'published'); a job that prepared a target ends 'held'.
      if (this.data.targetId === target.id && args[0] === 'published' && thrown++ === 0)
        return Promise.reject(new Error('Redis connection lost'));
      return original.apply(this, args);
    });
    const worker = await startWorker(t.resources);
    try {
      // Due now: its job (as for a retry, or one the reconciler restored) runs at once and publishes.
      await makeDue(target);
      await t.app.get(PublishQueue).ensureJob({ ...target, dueAt: new Date(Date.now() - 1000), nextAttemptAt: null });
      await waitFor(() => thrown === 1, 20_000, 'the job completion threw');
      // Bull records the job as failed; the reconciler passes that follow restore nothing: the target is published.
      await worker.get(Reconciler).runOnce();
      await worker.get(Reconciler).runOnce();
      await expectPublishedOnce(target);
    } finally {
      await worker.close();
    }
  });
});
