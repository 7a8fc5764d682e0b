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
});
