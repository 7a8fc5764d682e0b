// The posts lib's target store on a real database: the claim lets exactly one caller win, and each outcome
// (published, failed, released) changes the target, its post and the audit log together.
import { AuditLog } from '@app/audit';
import { FixedClock, inTransaction } from '@app/core';
import { PHI_CONTENT_CHECKER, Post, PostTarget, TargetStore } from '@app/posts';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newAccount, newPractice, scheduledTarget } from '../support/seed';

describe('TargetStore (medium)', () => {
  let db: MediumDb;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let store: TargetStore;
  let audit: AuditLog;

  beforeAll(async () => {
    db = await openMediumDb();
    audit = new AuditLog(db.dataSource, clock);
    store = new TargetStore(db.dataSource, audit, PHI_CONTENT_CHECKER);
  });
  afterAll(() => db?.close());

  async function dueTarget(): Promise<{ target: PostTarget; practiceId: string }> {
    const { practice, admin } = await newPractice(db.dataSource, clock);
    const account = await newAccount(db.dataSource, practice.id);
    return {
      target: await scheduledTarget(db.dataSource, practice, admin.id, account, clock.now()),
      practiceId: practice.id,
    };
  }
  const postOf = (target: PostTarget) => db.dataSource.getRepository(Post).findOneByOrFail({ id: target.postId });
  const reread = (target: PostTarget) => db.dataSource.getRepository(PostTarget).findOneByOrFail({ id: target.id });

  it('lets exactly one of two claims win a due target', async () => {
    const { target } = await dueTarget();
    const request = { ids: [target.id], now: clock.now(), leaseMs: 60_000 };
    const [first, second] = await Promise.all([
      store.claim({ ...request, token: 'worker-a#1' }),
      store.claim({ ...request, token: 'worker-b#1' }),
    ]);
    expect(first.length + second.length).toBe(1);
    const won = [...first, ...second][0];
    expect(won).toMatchObject({ takeover: false, target: { id: target.id, status: 'publishing', attempts: 1 } });
    await store.markPostsPublishing([target.postId]);
    expect((await postOf(target)).status).toBe('publishing');
  });

  it('records a publish: the network id on the target, the post published, both audited, the chain intact', async () => {
    const { target, practiceId } = await dueTarget();
    const [claimed] = await store.claim({ ids: [target.id], token: 'worker-a#2', now: clock.now(), leaseMs: 60_000 });
    await store.recordPublished(
      [
        {
          target: claimed.target,
          published: { externalId: 'fb_123', url: 'https://facebook.test/fb_123' },
          recovered: false,
          workerId: 'worker-a',
        },
      ],
      clock.now(),
    );
    expect(await reread(target)).toMatchObject({ status: 'published', externalId: 'fb_123', claimedBy: null });
    expect((await postOf(target)).status).toBe('published');
    const { items } = await audit.list(practiceId, { page: 1, pageSize: 50 });
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(['target.published', 'post.published']));
    expect((await audit.verify(practiceId)).intact).toBe(true);
  });

  it('fails a target only for the claim that holds it, and settles the post failed', async () => {
    const { target } = await dueTarget();
    const [claimed] = await store.claim({ ids: [target.id], token: 'worker-a#3', now: clock.now(), leaseMs: 60_000 });
    await store.fail({ ...claimed.target, claimedBy: 'someone-else#9' }, 'rejected_content', 'Refused by the network');
    expect((await reread(target)).status).toBe('publishing');
    await store.fail(claimed.target, 'rejected_content', 'Refused by the network');
    expect(await reread(target)).toMatchObject({
      status: 'failed',
      lastErrorKind: 'rejected_content',
      claimedBy: null,
    });
    expect((await postOf(target)).status).toBe('failed');
  });

  it('gives a claim back for a retry, which the next claim at that time wins', async () => {
    const { target } = await dueTarget();
    const [claimed] = await store.claim({ ids: [target.id], token: 'worker-a#4', now: clock.now(), leaseMs: 60_000 });
    const retryAt = new Date(clock.now().getTime() + 5_000);
    await store.release(claimed.target, retryAt);
    expect(await store.claim({ ids: [target.id], token: 'worker-a#5', now: clock.now(), leaseMs: 60_000 })).toEqual([]);
    expect(await store.claim({ ids: [target.id], token: 'worker-a#6', now: retryAt, leaseMs: 60_000 })).toHaveLength(1);
  });

  it('does not mark a post publishing that a person moved on meanwhile', async () => {
    const { target } = await dueTarget();
    await store.claim({ ids: [target.id], token: 'worker-a#7', now: clock.now(), leaseMs: 60_000 });
    await inTransaction(db.dataSource, (tx) =>
      tx.getRepository(Post).update({ id: target.postId }, { status: 'approved' }),
    );
    await store.markPostsPublishing([target.postId]);
    expect((await postOf(target)).status).toBe('approved');
  });

  it('records nothing for an attempt whose claim was taken over, and lets the claim that holds it record', async () => {
    const { target, practiceId } = await dueTarget();
    const [first] = await store.claim({ ids: [target.id], token: 'worker-a#8', now: clock.now(), leaseMs: 60_000 });
    // A's lease ends (it could not renew it); B takes the target over.
    const later = new Date(clock.now().getTime() + 61_000);
    const [second] = await store.claim({ ids: [target.id], token: 'worker-b#1', now: later, leaseMs: 60_000 });
    expect(second).toMatchObject({ takeover: true });
    const published = (externalId: string, claimed: typeof first) => ({
      target: claimed.target,
      published: { externalId, url: `https://x.test/${externalId}` },
      recovered: false,
      workerId: claimed.target.claimedBy!,
    });

    expect(await store.recordPublished([published('x_1', first)], later)).toEqual([]);
    await store.keepNetworkIds([published('x_1', first)], later);
    expect(
      await store.scheduleRetry(first.target, { at: later, errorKind: 'transient', message: 'm', networkCode: null }),
    ).toBe(false);
    expect(await store.fail(first.target, 'transient', 'Gone')).toBe(false);
    expect(await reread(target)).toMatchObject({ status: 'publishing', claimedBy: 'worker-b#1', externalId: null });
    const before = (await audit.list(practiceId, { page: 1, pageSize: 50 })).items.map((e) => e.action);
    expect(before).not.toContain('target.published');
    expect(before).not.toContain('target.failed');

    expect(await store.recordPublished([published('x_1', second)], later)).toHaveLength(1);
    expect(await reread(target)).toMatchObject({ status: 'published', externalId: 'x_1', claimedBy: null });
  });

  it('counts a takeover as the attempt it continues, not as a new one (a dead worker says nothing about the network)', async () => {
    const { target } = await dueTarget();
    const lease = 60_000;
    const at = (ms: number) => new Date(clock.now().getTime() + ms);
    const [first] = await store.claim({ ids: [target.id], token: 'worker-a#11', now: at(0), leaseMs: lease });
    expect(first).toMatchObject({ takeover: false, target: { attempts: 1 } });
    // Its worker is killed; so is the one that takes over; a third takes over again.
    const [second] = await store.claim({ ids: [target.id], token: 'worker-b#3', now: at(lease + 1), leaseMs: lease });
    const [third] = await store.claim({
      ids: [target.id],
      token: 'worker-c#1',
      now: at(2 * lease + 2),
      leaseMs: lease,
    });
    expect(second).toMatchObject({ takeover: true, target: { attempts: 1 } });
    expect(third).toMatchObject({ takeover: true, target: { attempts: 1, claimedBy: 'worker-c#1' } });
    expect((await reread(target)).attempts).toBe(1);

    // The attempt that learns an outcome and retries it: the next claim is the second attempt.
    const retryAt = at(2 * lease + 10_000);
    await store.scheduleRetry(third.target, { at: retryAt, errorKind: 'transient', message: 'm', networkCode: null });
    const [next] = await store.claim({ ids: [target.id], token: 'worker-c#2', now: retryAt, leaseMs: lease });
    expect(next).toMatchObject({ takeover: false, target: { attempts: 2 } });
  });

  it('renews only the leases of claims that still hold their targets', async () => {
    const { target: mine } = await dueTarget();
    const { target: theirs } = await dueTarget();
    await store.claim({ ids: [mine.id], token: 'worker-a#9', now: clock.now(), leaseMs: 60_000 });
    await store.claim({ ids: [theirs.id], token: 'worker-b#2', now: clock.now(), leaseMs: 60_000 });
    const until = new Date(clock.now().getTime() + 120_000);
    const held = await store.renewLeases(
      [
        { targetId: mine.id, token: 'worker-a#9' },
        { targetId: theirs.id, token: 'worker-a#10' },
      ],
      until,
    );
    expect([...held]).toEqual([mine.id]);
    expect((await reread(mine)).leaseUntil?.getTime()).toBe(until.getTime());
    expect((await reread(theirs)).leaseUntil?.getTime()).toBe(clock.now().getTime() + 60_000);
  });
});
