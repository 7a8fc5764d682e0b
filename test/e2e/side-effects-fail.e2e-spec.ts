// Peer failure Mixpost #150: a side effect (a websocket broadcast) failing blocked the publish. Here every side
// effect around one scheduled publish fails while the worker publishes it: raising its alert (it first waits for
// its account to be reconnected), resolving that alert, the account's last-published time, and e-mail delivery
// (the mail server refuses every message). The publish still completes: the target ends published with the
// network's id, after exactly one publish call.
import { INestApplicationContext } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { AccountsService, SocialAccount } from '@app/accounts';
import { Alert, AlertsService } from '@app/alerts';
import { PostTarget, WAITING_FOR_RECONNECT } from '@app/posts';
import { PublishQueue, startWorker } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { uniqueTag } from '../support/factories';
import type { FakeAccounts } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { freePort, waitFor } from '../support/redis-server';
import { TEST_RUN_MODE, type TestApp } from '../support/test-app';

jest.setTimeout(90_000);

describe(`side effects failing during a publish (Mixpost #150, ${TEST_RUN_MODE} mode)`, () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let accounts: FakeAccounts;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  let refusedMails = 0;

  beforeAll(async () => {
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          refusedMails++;
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 554 }));
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    f = await startPublishingFixture({
      practiceName: 'Willow Creek Family Dental',
      zone: 'America/Chicago',
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Planner <alerts@planner.test>',
        RECONCILE_SECONDS: '1',
        PUBLISH_PREPARE_SECONDS: '1',
      },
    });
    ({ fakes, t, accounts } = f);
    worker = await startWorker(t.resources);
  });
  afterAll(async () => {
    await worker?.close();
    await f?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });
  afterEach(() => jest.restoreAllMocks());

  const targets = () => t.resources.dataSource.getRepository(PostTarget);
  const row = (id: string) => targets().findOneByOrFail({ id });

  /** Runs the target at once (queue mode: its job, as a retry's; embedded mode: the due scan reads the row). */
  async function runNow(target: PostTarget): Promise<void> {
    const at = new Date(Date.now() - 1000);
    await targets().update({ id: target.id }, { dueAt: at, nextAttemptAt: at });
    if (TEST_RUN_MODE === 'queue') await t.app.get(PublishQueue).ensureJob({ ...target, dueAt: at, nextAttemptAt: at });
  }

  it('publishes once and ends published while alerts, the account update and e-mail all fail', async () => {
    // An alert waiting to be e-mailed, so delivery runs (and fails) while the post goes out.
    await t.app.get(AlertsService).raise(f.practice.practiceId, {
      kind: 'cadence_gap',
      severity: 'warning',
      title: 'Test x is about to go quiet',
      message: 'No post planned next week.',
      dedupeKey: `cadence_gap:${accounts.x.id}:test`,
    });
    const raise = jest.spyOn(AlertsService.prototype, 'raise').mockRejectedValue(new Error('alerts table locked'));
    const resolve = jest.spyOn(AlertsService.prototype, 'resolve').mockRejectedValue(new Error('alerts table locked'));
    const lastPublished = jest
      .spyOn(AccountsService.prototype, 'recordPublishSuccess')
      .mockRejectedValue(new Error('accounts table locked'));

    const post = await f.approvedPost({ baseText: `Side effects ${uniqueTag()}`, scheduledFor: '2031-05-06T10:00' }, [
      'x',
    ]);
    const [target] = await targets().findBy({ postId: post.id });
    const repo = t.resources.dataSource.getRepository(SocialAccount);
    // Its time comes while the account needs reconnecting: it waits (its alert cannot be raised).
    await repo.update({ id: accounts.x.id }, { status: 'needs_reconnect' });
    await runNow(target);
    await waitFor(async () => (await row(target.id)).lastErrorKind === WAITING_FOR_RECONNECT, 20_000, 'waiting');
    // The row says so first; the alert is raised right after.
    await waitFor(() => raise.mock.calls.length > 0, 5000, 'its alert was raised');
    expect(await row(target.id)).toMatchObject({ status: 'scheduled' });

    // Reconnected: the next look publishes it (its alert cannot be resolved, nor the account's time stored).
    await repo.update({ id: accounts.x.id }, { status: 'connected' });
    await runNow(await row(target.id));
    await waitFor(async () => (await row(target.id)).status === 'published', 20_000, 'published');
    await waitFor(() => refusedMails > 0, 15_000, 'the mail server refused a delivery');
    expect(resolve).toHaveBeenCalledWith(f.practice.practiceId, `target_failed:${target.id}`);
    // Off the record's path: it may come a moment after the target reads published.
    await waitFor(() => lastPublished.mock.calls.length > 0, 5000, 'the account update was attempted');

    expect(fakes.x.requests.filter((r) => r.operation === 'publish')).toHaveLength(1);
    expect(fakes.x.posts()).toHaveLength(1);
    expect(await row(target.id)).toMatchObject({
      status: 'published',
      externalId: fakes.x.posts()[0].id,
      claimedBy: null,
      lastErrorKind: null,
    });
    // The alert that was to be e-mailed is still waiting for a working mail server, not lost.
    expect(
      await t.resources.dataSource
        .getRepository(Alert)
        .findOneByOrFail({ practiceId: f.practice.practiceId, dedupeKey: `cadence_gap:${accounts.x.id}:test` }),
    ).toMatchObject({ emailedAt: null });
  });
});
