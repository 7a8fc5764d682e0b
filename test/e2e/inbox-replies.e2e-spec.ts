// Replies from the inbox end to end on Facebook, on PostgreSQL and SQLite: the live PHI check with the comment
// as context, a blocked reply refused for everyone (and the attempt audited), approval of the exact text by
// someone other than its writers, an edit sending it back, a trusted sender's clean reply going out without a
// reviewer, the worker sending each reply exactly once even when the network times out after creating it or
// another worker takes the claim over, a refused token waiting for the reconnect, and another practice seeing
// none of it.
import { INestApplicationContext } from '@nestjs/common';
import { SocialAccount } from '@app/accounts';
import { INBOX_SOURCES, InboxComment, InboxReply, InboxSource } from '@app/inbox';
import { startWorker } from '@app/scheduler';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { facebookPageWithPost, syncedComment } from '../support/inbox-fixture';
import { waitFor } from '../support/redis-server';
import { startTestApp, TestApp } from '../support/test-app';

// The machine is shared and loaded: starting the app, the fakes and a worker can take a while.
jest.setTimeout(120_000);

const CLEAN =
  "Thank you for reaching out. To protect your privacy we can't discuss health questions here; please call our office and our team will help.";
/** Confirms the writer is a patient: the checker blocks it in reply mode. */
const CONFIRMS_CARE = "We're glad your visit went well, see you at your next cleaning!";

describe('Inbox replies (check, approval, sent exactly once, tenancy)', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let worker: INestApplicationContext;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let secondReviewer: TestUser;
  let account: SocialAccount;
  let fbPostId: string;

  beforeAll(async () => {
    fakes = await startFakes();
    // A short client timeout: the fault test's hung answer becomes an unknown outcome quickly.
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, NETWORK_TIMEOUT_MS: '1500' });
    worker = await startWorker(t.resources);
    practice = await createPractice(t, 'Lakeside Dental', 'America/Chicago');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    secondReviewer = await practice.user(['reviewer']);
    ({ account, fbPostId } = await facebookPageWithPost(
      t,
      fakes,
      author,
      'Flu shots are in! Walk in Tuesday to Thursday.',
    ));
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await fakes?.close();
  });

  /** A new comment on our post, stored through polling. */
  const newComment = async (message: string): Promise<InboxComment> => {
    const c = fakes.facebook.addComment(fbPostId, { message, from: { id: '10000000000888', name: 'Jamie Rivera' } });
    return syncedComment(t, author, c.id);
  };
  const pageReplies = (commentId: string) =>
    fakes.facebook.comments.filter((c) => c.from.id === account.externalId && c.parentId === commentId);
  const replyRow = (id: string) => t.resources.dataSource.getRepository(InboxReply).findOneByOrFail({ id });
  const auditOf = async (entityType: string, entityId: string) =>
    (
      (await t.http.get('/api/audit').query({ entityType, entityId }).set(bearer(practice.admin)).expect(200)).body
        .items as Array<{ action: string; details: Record<string, unknown> }>
    )
      .map((e) => ({ action: e.action, details: e.details }))
      .reverse(); // the API lists newest first

  it('checks a draft live in reply mode, with the comment as context', async () => {
    const comment = await newComment('Is it normal that my arm is a bit sore after the flu shot?');
    const blocked = (
      await t.http
        .post(`/api/inbox/${comment.id}/reply/check`)
        .set(bearer(author))
        .send({ text: CONFIRMS_CARE })
        .expect(200)
    ).body;
    expect(blocked.verdict).toBe('block');
    expect(blocked.findings[0]).toMatchObject({ severity: 'block', start: 0 });
    const clean = (
      await t.http.post(`/api/inbox/${comment.id}/reply/check`).set(bearer(author)).send({ text: CLEAN }).expect(200)
    ).body;
    expect(clean).toEqual({ verdict: 'pass', findings: [] });
  });

  it('a reply the checker blocks cannot be written, approved or sent by anyone; the attempt is audited', async () => {
    const comment = await newComment('Great cleaning today, thanks!');
    for (const who of [author, reviewer, practice.admin]) {
      const res = await t.http
        .post(`/api/inbox/${comment.id}/reply`)
        .set(bearer(who))
        .send({ text: CONFIRMS_CARE })
        .expect(400);
      expect(res.body.message).toMatch(/cannot be sent/);
    }
    // Trusting the writer changes nothing for a blocked reply.
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(practice.admin))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [author.id] })
      .expect(200);
    await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(author)).send({ text: CONFIRMS_CARE }).expect(400);
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(practice.admin))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [] })
      .expect(200);
    expect(await t.resources.dataSource.getRepository(InboxReply).countBy({ commentId: comment.id })).toBe(0);
    expect((await auditOf('inbox_comment', comment.id)).filter((e) => e.action === 'inbox.reply_blocked')).toHaveLength(
      4,
    );
    // Edited into something blocked after writing: refused too, and the clean text stays.
    const reply = (
      await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(author)).send({ text: CLEAN }).expect(201)
    ).body;
    await t.http.put(`/api/inbox/replies/${reply.id}`).set(bearer(author)).send({ text: CONFIRMS_CARE }).expect(400);
    expect((await replyRow(reply.id)).text).toBe(CLEAN);
    await t.http.post(`/api/inbox/replies/${reply.id}/withdraw`).set(bearer(author)).expect(200);
    expect(pageReplies(comment.externalId)).toHaveLength(0);
  });

  it('is approved for its exact text by someone who did not write it; an edit sends it back; then sent once', async () => {
    const comment = await newComment('Do you take Delta Dental? My son needs a filling.');
    const written = (
      await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(reviewer)).send({ text: CLEAN }).expect(201)
    ).body;
    expect(written).toMatchObject({ status: 'in_review', verdict: 'pass', approvedById: null });
    // One reply in progress per comment.
    await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(author)).send({ text: CLEAN }).expect(409);
    // Its writer may not approve it, an author may not approve at all, a stale hash is refused.
    await t.http
      .post(`/api/inbox/replies/${written.id}/approve`)
      .set(bearer(reviewer))
      .send({ textHash: written.textHash })
      .expect(403);
    await t.http
      .post(`/api/inbox/replies/${written.id}/approve`)
      .set(bearer(author))
      .send({ textHash: written.textHash })
      .expect(403);
    const edited = (
      await t.http
        .put(`/api/inbox/replies/${written.id}`)
        .set(bearer(author))
        .send({ text: `${CLEAN} Thank you!` })
        .expect(200)
    ).body;
    expect(edited.status).toBe('in_review');
    expect(edited.contributorIds).toEqual([reviewer.id, author.id]);
    await t.http
      .post(`/api/inbox/replies/${written.id}/approve`)
      .set(bearer(secondReviewer))
      .send({ textHash: written.textHash })
      .expect(409);
    const queue = (await t.http.get('/api/inbox/replies').set(bearer(secondReviewer)).expect(200)).body;
    expect(queue.map((r: { id: string }) => r.id)).toContain(written.id);
    const approved = (
      await t.http
        .post(`/api/inbox/replies/${written.id}/approve`)
        .set(bearer(secondReviewer))
        .send({ textHash: edited.textHash })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'approved', approvedById: secondReviewer.id });
    // Approved and not yet claimed, an edit still sends it back; approve again.
    await waitFor(async () => (await replyRow(written.id)).status === 'sent', 30_000, 'the reply to be sent');
    const sent = await replyRow(written.id);
    expect(pageReplies(comment.externalId).map((c) => c.message)).toEqual([`${CLEAN} Thank you!`]);
    expect(sent.externalId).toBe(pageReplies(comment.externalId)[0].id);
    expect(sent.attempts).toBe(1);
    // Our reply joins the thread, the comment is handled, and sending is audited.
    const thread = (await t.http.get(`/api/inbox/${comment.id}`).set(bearer(author)).expect(200)).body;
    expect(thread.comment.status).toBe('handled');
    expect(thread.thread.map((c: { fromPractice: boolean }) => c.fromPractice)).toEqual([false, true]);
    expect((await auditOf('inbox_reply', written.id)).map((e) => e.action)).toEqual([
      'inbox.reply_written',
      'inbox.reply_edited',
      'inbox.reply_approved',
      'inbox.reply_sent',
    ]);
    // Sent is final: no edit, no withdrawal.
    await t.http.put(`/api/inbox/replies/${written.id}`).set(bearer(author)).send({ text: CLEAN }).expect(409);
  });

  it('the network times out after creating the reply: the retry reads it back and there is exactly one', async () => {
    const comment = await newComment('Are you open on Saturdays? I need to bring my daughter in.');
    // Facebook stores the reply, then never answers: the client sees a timeout.
    fakes.facebook.fail({ kind: 'accept_then_hang', operation: 'publish' });
    const reply = (
      await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(author)).send({ text: CLEAN }).expect(201)
    ).body;
    await t.http
      .post(`/api/inbox/replies/${reply.id}/approve`)
      .set(bearer(reviewer))
      .send({ textHash: reply.textHash })
      .expect(200);
    await waitFor(async () => (await replyRow(reply.id)).status === 'sent', 60_000, 'the reply to be sent');
    const row = await replyRow(reply.id);
    expect(pageReplies(comment.externalId)).toHaveLength(1);
    expect(row.externalId).toBe(pageReplies(comment.externalId)[0].id);
    expect(row.attempts).toBe(2);
    const sent = (await auditOf('inbox_reply', reply.id)).find((e) => e.action === 'inbox.reply_sent')!;
    expect(sent.details).toMatchObject({ foundByReadBack: true, attempts: 2 });
    // Only one reply call ever reached Facebook for it: the retry read the thread instead.
    const calls = fakes.facebook.requests.filter(
      (r) => r.method === 'POST' && r.url.startsWith(`/v24.0/${comment.externalId}/comments`),
    );
    expect(calls).toHaveLength(1);
  });

  it("a trusted person's reply with no finding goes out without a reviewer; others still need one", async () => {
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(practice.admin))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [author.id] })
      .expect(200);
    const comment = await newComment('Do you have parking near the office?');
    const trusted = (
      await t.http
        .post(`/api/inbox/${comment.id}/reply`)
        .set(bearer(author))
        .send({ text: 'Thanks for asking! There is free parking behind the building.' })
        .expect(201)
    ).body;
    expect(trusted).toMatchObject({ status: 'approved', approvedById: null, verdict: 'pass' });
    await waitFor(async () => (await replyRow(trusted.id)).status === 'sent', 30_000, 'the trusted reply to be sent');
    expect(pageReplies(comment.externalId)).toHaveLength(1);
    expect((await auditOf('inbox_reply', trusted.id)).map((e) => e.action)).toEqual([
      'inbox.reply_written',
      'inbox.reply_approved',
      'inbox.reply_sent',
    ]);
    const other = await newComment('Is the office wheelchair accessible?');
    const untrusted = (
      await t.http
        .post(`/api/inbox/${other.id}/reply`)
        .set(bearer(reviewer))
        .send({ text: 'Thanks for asking! Yes, there is a ramp at the front door.' })
        .expect(201)
    ).body;
    expect(untrusted.status).toBe('in_review');
    // Only people of this practice can be trusted.
    const stranger = await createPractice(t, 'Stranger Dental', 'America/Denver');
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(practice.admin))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [stranger.admin.id] })
      .expect(400);
  });

  it('another practice sees no reply and cannot act on one (404); bad input is a 400', async () => {
    const other = await createPractice(t, 'Other Practice', 'America/Denver');
    const row = await t.resources.dataSource
      .getRepository(InboxReply)
      .findOneByOrFail({ practiceId: practice.practiceId, status: 'in_review' });
    await t.http.get(`/api/inbox/replies/${row.id}`).set(bearer(other.admin)).expect(404);
    await t.http.put(`/api/inbox/replies/${row.id}`).set(bearer(other.admin)).send({ text: CLEAN }).expect(404);
    await t.http
      .post(`/api/inbox/replies/${row.id}/approve`)
      .set(bearer(other.admin))
      .send({ textHash: row.textHash })
      .expect(404);
    await t.http.post(`/api/inbox/replies/${row.id}/withdraw`).set(bearer(other.admin)).expect(404);
    await t.http.post(`/api/inbox/${row.commentId}/reply`).set(bearer(other.admin)).send({ text: CLEAN }).expect(404);
    await t.http
      .post(`/api/inbox/${row.commentId}/reply/check`)
      .set(bearer(other.admin))
      .send({ text: CLEAN })
      .expect(404);
    expect((await t.http.get('/api/inbox/replies').set(bearer(other.admin)).expect(200)).body).toEqual([]);
    await t.http.post(`/api/inbox/${row.commentId}/reply`).set(bearer(author)).send({}).expect(400);
    await t.http.post(`/api/inbox/${row.commentId}/reply`).set(bearer(author)).send({ text: '' }).expect(400);
    await t.http
      .post(`/api/inbox/${row.commentId}/reply`)
      .set(bearer(author))
      .send({ text: 'x'.repeat(8001) })
      .expect(400);
    await t.http
      .post(`/api/inbox/replies/${row.id}/approve`)
      .set(bearer(reviewer))
      .send({ textHash: 'abc' })
      .expect(400);
    await t.http.get('/api/inbox/replies').query({ status: 'lost' }).set(bearer(author)).expect(400);
    await t.http.get('/api/inbox/replies/not-a-uuid').set(bearer(author)).expect(400);
  });

  // author is a trusted replier since the test above: these replies are written by a reviewer, approved by another.
  type ReadBack = InboxSource['findReply'];
  /** Wraps the Facebook source's read-back in every context that sends replies (the worker; the app in embedded mode). */
  const patchReadBack = (wrap: (original: ReadBack) => ReadBack): (() => void) => {
    const restores: Array<() => void> = [];
    for (const context of [worker, t.app] as INestApplicationContext[]) {
      let sources: ReadonlyMap<string, InboxSource> | undefined;
      try {
        sources = context.get<ReadonlyMap<string, InboxSource>>(INBOX_SOURCES, { strict: false });
      } catch {
        continue;
      }
      const facebook = sources?.get('facebook');
      if (!facebook) continue;
      const original = facebook.findReply;
      facebook.findReply = wrap(original.bind(facebook));
      restores.push(() => (facebook.findReply = original));
    }
    return () => restores.forEach((r) => r());
  };

  it('a worker that lost its claim while reading back sends nothing; the next claim finds the reply: one on the page', async () => {
    const comment = await newComment('Is there parking for a wheelchair van by the side door?');
    // The first send reaches Facebook but the answer never comes: the retry must read back first.
    fakes.facebook.fail({ kind: 'accept_then_hang', operation: 'publish' });
    const replies = t.resources.dataSource.getRepository(InboxReply);
    let takenOver = false;
    const restore = patchReadBack((original) => async (...args) => {
      if (takenOver) return original(...args);
      // While this worker reads back, its lease lapses and another worker claims the reply.
      takenOver = true;
      const row = await replies.findOneByOrFail({ commentId: comment.id });
      await replies.update({ id: row.id }, { claimToken: 'another-worker', leaseUntil: new Date(Date.now() - 1000) });
      return null;
    });
    try {
      const reply = (
        await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(reviewer)).send({ text: CLEAN }).expect(201)
      ).body;
      await t.http
        .post(`/api/inbox/replies/${reply.id}/approve`)
        .set(bearer(secondReviewer))
        .send({ textHash: reply.textHash })
        .expect(200);
      await waitFor(async () => (await replyRow(reply.id)).status === 'sent', 90_000, 'the reply to be sent');
      expect(takenOver).toBe(true);
      // The worker that lost its claim did not send: one reply call ever reached Facebook, one reply is there.
      const calls = fakes.facebook.requests.filter(
        (r) => r.method === 'POST' && r.url.startsWith(`/v24.0/${comment.externalId}/comments`),
      );
      expect(calls).toHaveLength(1);
      expect(pageReplies(comment.externalId)).toHaveLength(1);
      expect((await replyRow(reply.id)).externalId).toBe(pageReplies(comment.externalId)[0].id);
    } finally {
      restore();
    }
  });

  it('a network id already stored is recorded, never sent again (the recording failed after the network answered)', async () => {
    const comment = await newComment('What time do you open on Mondays?');
    const replies = t.resources.dataSource.getRepository(InboxReply);
    const reply = (
      await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(reviewer)).send({ text: CLEAN }).expect(201)
    ).body;
    // As a worker leaves it when the network answered with an id and the database failed right after: sending,
    // the id stored, the lease run out.
    await replies.update(
      { id: reply.id },
      {
        status: 'sending',
        claimToken: 'a-dead-worker',
        leaseUntil: new Date(Date.now() - 1000),
        attempts: 1,
        externalId: `${comment.externalId}_999001`,
        approvedHash: reply.textHash,
        approvedAt: new Date(),
      },
    );
    await waitFor(async () => (await replyRow(reply.id)).status === 'sent', 60_000, 'the reply to be recorded');
    expect((await replyRow(reply.id)).externalId).toBe(`${comment.externalId}_999001`);
    const calls = fakes.facebook.requests.filter(
      (r) => r.method === 'POST' && r.url.startsWith(`/v24.0/${comment.externalId}/comments`),
    );
    expect(calls).toHaveLength(0);
    const sent = (await auditOf('inbox_reply', reply.id)).find((e) => e.action === 'inbox.reply_sent')!;
    expect(sent.details).toMatchObject({ foundByReadBack: true, externalId: `${comment.externalId}_999001` });
  });

  it('a token Facebook refuses: the account needs reconnecting (one alert), the reply waits, then goes out once', async () => {
    const comment = await newComment('Do you take walk-ins on Fridays?');
    const accounts = t.resources.dataSource.getRepository(SocialAccount);
    const replies = t.resources.dataSource.getRepository(InboxReply);
    fakes.facebook.fail({ kind: 'expired_token', operation: 'publish', times: 'until_cleared' });
    try {
      const reply = (
        await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(reviewer)).send({ text: CLEAN }).expect(201)
      ).body;
      await t.http
        .post(`/api/inbox/replies/${reply.id}/approve`)
        .set(bearer(secondReviewer))
        .send({ textHash: reply.textHash })
        .expect(200);
      await waitFor(
        async () => (await accounts.findOneByOrFail({ id: account.id })).status === 'needs_reconnect',
        60_000,
        'the account to need reconnecting',
      );
      await waitFor(
        async () => (await replyRow(reply.id)).lastError?.includes('reconnected') === true,
        30_000,
        'the reply to wait for the reconnect',
      );
      const waiting = await replyRow(reply.id);
      expect(waiting.status).toBe('approved');
      expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
      // Waiting is not an attempt: the retries are still there once the account is back.
      expect(waiting.attempts).toBe(0);
      const alerts = (await t.http.get('/api/alerts').query({ open: 'true' }).set(bearer(practice.admin)).expect(200))
        .body as Array<{ kind: string; title: string }>;
      expect(
        alerts.filter((a) => a.kind === 'needs_reconnect' && a.title === `Reconnect ${account.name} on Facebook`),
      ).toHaveLength(1);
      expect(pageReplies(comment.externalId)).toHaveLength(0);

      // The reconnect (a new token stored, status connected): the reply goes out once at its next look.
      fakes.facebook.clearFaults();
      await accounts.update({ id: account.id }, { status: 'connected' });
      await replies.update({ id: reply.id }, { nextAttemptAt: new Date() });
      await waitFor(async () => (await replyRow(reply.id)).status === 'sent', 60_000, 'the reply to be sent');
      expect(pageReplies(comment.externalId)).toHaveLength(1);
    } finally {
      fakes.facebook.clearFaults();
      await accounts.update({ id: account.id }, { status: 'connected' });
    }
  });
});
