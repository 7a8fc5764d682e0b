// The Facebook inbox end to end, on PostgreSQL and SQLite: the webhook handshake, signed deliveries stored
// once, unsigned or mis-signed ones refused and stored nowhere, polling that catches up after downtime
// without duplicates, an urgent comment's e-mail, hide (audited, and refused cleanly under a network
// fault), and another practice seeing nothing.
import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { SocialAccount, TokenVault } from '@app/accounts';
import { InboxComment, UnansweredComments } from '@app/inbox';
import { PostTarget } from '@app/posts';
import { startWorker } from '@app/scheduler';
import { feedWebhook, RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { freePort, waitFor } from '../support/redis-server';
import { startTestApp, TestApp } from '../support/test-app';

const VERIFY_TOKEN = 'inbox-verify-token-for-tests';

describe('Facebook inbox (webhook, polling, urgent e-mail, hide, tenancy)', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  const mails: Array<{ to: string[]; data: string }> = [];
  let practice: TestPractice;
  let author: TestUser;
  let account: SocialAccount;
  let fbPostId: string;
  let ourPostId: string;

  beforeAll(async () => {
    fakes = await startFakes();
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: data.replace(/=\r?\n/g, '') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    t = await startTestApp({
      ...fakes.env,
      NETWORK_CA_FILE: fakes.caFile!,
      FACEBOOK_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Planner <alerts@planner.test>',
    });
    worker = await startWorker(t.resources);
    practice = await createPractice(t, 'Lakeside Dental', 'America/Chicago');
    author = await practice.user(['author']);

    // A connected Page whose token may read and moderate comments.
    const token = fakes.facebook.issueTestToken({
      scopes: ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'pages_manage_engagement'],
    });
    const repo = t.resources.dataSource.getRepository(SocialAccount);
    account = await repo.save(
      repo.create({
        practiceId: practice.practiceId,
        network: 'facebook',
        externalId: token.pageId!,
        name: 'Lakeside Dental',
        handle: null,
        status: 'connected',
        evergreenFill: false,
        cadence: null,
      }),
    );
    account.accessTokenEnc = new TokenVault(t.resources.config.SECRET_KEY).seal(token.accessToken, account.id);
    await repo.save(account);

    // Our post, as the scheduler leaves it once published: the target holds the Page post id.
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: 'Flu shots are in! Walk in Tuesday to Thursday.', targetAccountIds: [account.id] })
        .expect(201)
    ).body as { id: string };
    ourPostId = post.id;
    fbPostId = `${token.pageId}_${fakes.facebook.postIds.take()}`;
    fakes.facebook.feed.push({
      id: fbPostId,
      pageId: token.pageId!,
      message: 'Flu shots are in! Walk in Tuesday to Thursday.',
      createdTime: Date.now() - 3600_000,
      published: true,
      via: 'feed',
    });
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update(
        { practiceId: practice.practiceId, postId: post.id },
        { externalId: fbPostId, status: 'published', publishedAt: new Date(Date.now() - 3600_000) },
      );
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await fakes?.close();
  });

  const deliver = (body: string, signature?: string) => {
    const req = t.http.post('/api/webhooks/facebook').set('content-type', 'application/json');
    if (signature !== undefined) req.set('x-hub-signature-256', signature);
    return req.send(body);
  };
  const stored = () => t.resources.dataSource.getRepository(InboxComment).findBy({ practiceId: practice.practiceId });

  it('answers the subscribe handshake with the bare challenge, and 403 to a wrong verify token', async () => {
    const ok = await t.http
      .get('/api/webhooks/facebook')
      .query({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': VERIFY_TOKEN })
      .expect(200);
    expect(ok.text).toBe('1158201444');
    await t.http
      .get('/api/webhooks/facebook')
      .query({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'guess' })
      .expect(403);
  });

  it('stores a signed comment once (a retried delivery is no second row), tied to our post and triaged', async () => {
    const comment = fakes.facebook.addComment(fbPostId, {
      message: 'Is it normal that my arm is a bit sore after the flu shot? 💪',
      from: { id: '10000000000888', name: 'Jamie Rivera' },
    });
    const delivery = feedWebhook(fakes.facebook, comment);
    const first = await deliver(delivery.body, delivery.signature).expect(200);
    expect(first.body).toMatchObject({ received: true, created: 1, duplicates: 0 });
    await deliver(delivery.body, delivery.signature).expect(200);
    const rows = (await stored()).filter((c) => c.externalId === comment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ postId: ourPostId, source: 'webhook', urgent: false, authorName: 'Jamie Rivera' });
    expect(rows[0].labels).toEqual(['self_phi', 'medical_question']);
    const list = (await t.http.get('/api/inbox').set(bearer(author)).expect(200)).body;
    expect(list.items.map((c: { externalId: string }) => c.externalId)).toContain(comment.id);
  });

  it('refuses unsigned and mis-signed deliveries with 401 and stores nothing', async () => {
    const fromWebhook = async () => (await stored()).filter((r) => r.source === 'webhook');
    const before = (await fromWebhook()).length;
    const comment = fakes.facebook.addComment(fbPostId, { message: 'Forged comment' });
    const delivery = feedWebhook(fakes.facebook, comment);
    await deliver(delivery.body).expect(401);
    await deliver(delivery.body, `sha256=${randomBytes(32).toString('hex')}`).expect(401);
    await deliver(delivery.body, delivery.signature.replace('sha256=', 'sha1=')).expect(401);
    // The right signature over other bytes (one character changed) is no signature.
    await deliver(delivery.body.replace('Forged', 'Forgeb'), delivery.signature).expect(401);
    // (The worker's own polling may read it from Facebook meanwhile; the refused deliveries stored nothing.)
    expect((await fromWebhook()).length).toBe(before);
    expect((await fromWebhook()).some((r) => r.externalId === comment.id)).toBe(false);
  });

  it('polling after downtime finds what the webhook missed, without duplicates', async () => {
    fakes.facebook.addComment(fbPostId, { message: 'Do you take Delta Dental?' });
    const parent = fakes.facebook.comments.find((c) => c.message.startsWith('Is it normal'))!;
    fakes.facebook.addComment(fbPostId, { message: 'Thanks, see you Tuesday!', parentId: parent.id });
    const onFake = fakes.facebook.comments.length;
    const first = (await t.http.post('/api/inbox/sync').set(bearer(author)).expect(200)).body;
    expect(first.failed).toEqual([]);
    expect(first.duplicates).toBeGreaterThanOrEqual(1); // the webhook's comment, read again
    const rows = await stored();
    expect(rows).toHaveLength(onFake);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(onFake);
    const reply = rows.find((r) => r.text === 'Thanks, see you Tuesday!')!;
    expect(reply).toMatchObject({ kind: 'reply', parentExternalId: parent.id, threadExternalId: parent.id });
    // The cursor moved: a second poll reads nothing new.
    const second = (await t.http.post('/api/inbox/sync').set(bearer(author)).expect(200)).body;
    expect(second.created).toBe(0);
    const thread = (await t.http.get(`/api/inbox/${reply.id}`).set(bearer(author)).expect(200)).body;
    expect(thread.thread.map((c: { text: string }) => c.text)).toEqual([parent.message, 'Thanks, see you Tuesday!']);
    expect(thread.post).toMatchObject({ id: ourPostId });
  });

  it("an urgent comment raises a critical alert whose e-mail reaches the practice's admins within seconds", async () => {
    const comment = fakes.facebook.addComment(fbPostId, {
      message: "had a tooth pulled yesterday, now my face is swelling and it's hard to swallow",
    });
    const delivery = feedWebhook(fakes.facebook, comment);
    expect((await deliver(delivery.body, delivery.signature).expect(200)).body.created).toBe(1);
    const alerts = (await t.http.get('/api/alerts').set(bearer(practice.admin)).expect(200)).body;
    expect(alerts.find((a: { kind: string }) => a.kind === 'urgent_comment')).toMatchObject({ severity: 'critical' });
    await waitFor(() => mails.some((m) => m.data.includes('Possible emergency')), 20_000);
    const mail = mails.find((m) => m.data.includes('Possible emergency'))!;
    expect(mail.to).toContain(practice.admin.email);
    // The e-mail says why, not what the person wrote (that stays in the app).
    expect(mail.data).not.toContain('hard to swallow');
    const counts = (await t.http.get('/api/inbox/counts').set(bearer(author)).expect(200)).body;
    expect(counts.urgent).toBe(1);
    const list = (await t.http.get('/api/inbox').set(bearer(author)).expect(200)).body;
    expect(list.items[0].externalId).toBe(comment.id); // urgent first
    // The ready reply points to 911 and the practice's after-hours line, and passes the PHI checker as a reply.
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(author))
      .send({ responseMinutes: 60, afterHoursPhone: '(555) 010-2999' })
      .expect(403);
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(practice.admin))
      .send({ responseMinutes: 60, afterHoursPhone: 'call me' })
      .expect(400);
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(practice.admin))
      .send({ responseMinutes: 60, afterHoursPhone: '(555) 010-2999' })
      .expect(200);
    const replies = (await t.http.get(`/api/inbox/${list.items[0].id}/replies`).set(bearer(author)).expect(200)).body;
    expect(replies[0]).toMatchObject({ purpose: 'emergency', verdict: 'pass' });
    expect(replies[0].text).toMatch(/911/);
    expect(replies[0].text).toContain('(555) 010-2999');
  });

  it('hides a comment on Facebook and audits it; a network fault hides nothing and records nothing', async () => {
    const row = (await stored()).find((r) => r.text === 'Do you take Delta Dental?')!;
    fakes.facebook.fail({ kind: 'server_error', operation: 'moderate' });
    await t.http.post(`/api/inbox/${row.id}/hide`).set(bearer(author)).expect(503);
    expect(fakes.facebook.comments.find((c) => c.id === row.externalId)!.isHidden).toBe(false);
    const hidden = (await t.http.post(`/api/inbox/${row.id}/hide`).set(bearer(author)).expect(200)).body;
    expect(hidden.hidden).toBe(true);
    expect(fakes.facebook.comments.find((c) => c.id === row.externalId)!.isHidden).toBe(true);
    const audit = (
      await t.http
        .get('/api/audit')
        .query({ entityType: 'inbox_comment', entityId: row.id })
        .set(bearer(practice.admin))
        .expect(200)
    ).body;
    const actions = (audit.items as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(['inbox.comment_hidden']);
    await t.http.post(`/api/inbox/${row.id}/handle`).set(bearer(author)).expect(200);
    const handled = (await t.http.get(`/api/inbox/${row.id}`).set(bearer(author)).expect(200)).body;
    expect(handled.comment.status).toBe('handled');
  });

  it("a comment left unanswered past the practice's response time raises one alert, closed once nothing waits", async () => {
    const repo = t.resources.dataSource.getRepository(InboxComment);
    await repo.update({ practiceId: practice.practiceId }, { writtenAt: new Date(Date.now() - 5 * 3600_000) });
    const check = t.app.get(UnansweredComments);
    expect(await check.check()).toBe(1);
    await check.check(); // still one alert, not two
    const open = async () =>
      (
        (await t.http.get('/api/alerts').query({ open: 'true' }).set(bearer(practice.admin)).expect(200))
          .body as Array<{
          kind: string;
        }>
      ).filter((a) => a.kind === 'comment_unanswered');
    expect(await open()).toHaveLength(1);
    for (const row of await repo.findBy({ practiceId: practice.practiceId, status: 'open' }))
      await t.http.post(`/api/inbox/${row.id}/handle`).set(bearer(author)).expect(200);
    expect(await check.check()).toBe(0);
    expect(await open()).toHaveLength(0);
  });

  it('another practice sees nothing and cannot act (404)', async () => {
    const other = await createPractice(t, 'Other Practice', 'America/Denver');
    const row = (await stored())[0];
    const list = (await t.http.get('/api/inbox').set(bearer(other.admin)).expect(200)).body;
    expect(list.total).toBe(0);
    await t.http.get(`/api/inbox/${row.id}`).set(bearer(other.admin)).expect(404);
    await t.http.post(`/api/inbox/${row.id}/hide`).set(bearer(other.admin)).expect(404);
    await t.http.post(`/api/inbox/${row.id}/handle`).set(bearer(other.admin)).expect(404);
    await t.http
      .post(`/api/inbox/${row.id}/assign`)
      .set(bearer(other.admin))
      .send({ assigneeId: other.admin.id })
      .expect(404);
    expect((await t.http.get('/api/inbox/counts').set(bearer(other.admin)).expect(200)).body.open).toBe(0);
  });

  it('refuses bad input with 400, never 500', async () => {
    await t.http.get('/api/inbox').query({ label: 'scary' }).set(bearer(author)).expect(400);
    await t.http.get('/api/inbox').query({ limit: 0 }).set(bearer(author)).expect(400);
    await t.http.get('/api/inbox/not-a-uuid').set(bearer(author)).expect(400);
    const row = (await stored())[0];
    await t.http.post(`/api/inbox/${row.id}/assign`).set(bearer(author)).send({ assigneeId: 'x' }).expect(400);
    await t.http
      .post(`/api/inbox/${row.id}/assign`)
      .set(bearer(author))
      .send({ assigneeId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
  });
});
