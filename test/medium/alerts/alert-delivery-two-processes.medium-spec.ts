// Alert delivery from two processes at once (queue mode runs any number of workers, and the API's publisher watch
// delivers too): two notifiers on the same database, each with its own connections, deliver the same alerts
// concurrently, round after round, and every incident is e-mailed exactly once. A pass that died holding alerts
// (its lease written, its e-mail never finished) is taken over once its lease ends, not before.
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { Alert, AlertNotifier, AlertsService } from '@app/alerts';
import { Clock, FixedClock, Mailer, MailMessage, SystemClock } from '@app/core';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newPractice } from '../support/seed';

jest.setTimeout(120_000);

/** Counts what it is asked to send; sending takes a few milliseconds, as an SMTP server does. */
class CountingMailer extends Mailer {
  readonly sent: MailMessage[] = [];

  constructor(private readonly sending: () => Promise<void> = () => sleep(1 + Math.random() * 15)) {
    super(undefined, 'Planner <alerts@planner.test>');
  }

  override get enabled(): boolean {
    return true;
  }

  override async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    await this.sending();
  }
}

describe('alert delivery from two processes (medium)', () => {
  let db: MediumDb;
  let other: DataSource;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let alerts: AlertsService;

  beforeAll(async () => {
    db = await openMediumDb();
    other = await db.connectAgain();
    alerts = new AlertsService(db.dataSource, clock);
  });
  afterAll(() => db?.close());

  const notifier = (dataSource: DataSource, mailer: Mailer, options: { clock?: Clock; leaseMs?: number } = {}) =>
    new AlertNotifier(dataSource, options.clock ?? clock, mailer, {
      publicUrl: 'https://planner.test',
      deliveryLeaseMs: options.leaseMs,
    });

  it('e-mails each incident exactly once when two notifiers deliver at the same time, round after round', async () => {
    const { practice } = await newPractice(db.dataSource, clock, 'Two Workers Dental');
    const mailerA = new CountingMailer();
    const mailerB = new CountingMailer();
    const a = notifier(db.dataSource, mailerA);
    const b = notifier(other, mailerB);
    const pass = async (n: AlertNotifier, maxDelayMs: number) => {
      await sleep(Math.random() * maxDelayMs);
      return n.deliverPending();
    };
    const incidents: string[] = [];
    for (let round = 0; round < 30; round++) {
      // Two incidents led by an account's alert with two posts it failed, and two alerts of their own.
      for (const i of [0, 1]) {
        const incident = `reconnect-${round}-${i}`;
        incidents.push(incident);
        const head = `needs_reconnect:${incident}`;
        await alerts.raise(practice.id, {
          kind: 'needs_reconnect',
          severity: 'critical',
          title: `Reconnect ${incident}`,
          message: 'Facebook refused the token.',
          link: `/incidents/${incident}/account`,
          dedupeKey: head,
        });
        for (const post of ['p1', 'p2'])
          await alerts.raise(practice.id, {
            kind: 'needs_reconnect',
            severity: 'critical',
            title: 'A Facebook post did not go out',
            message: 'Facebook refused the token.',
            link: `/incidents/${incident}/${post}`,
            dedupeKey: `target_failed:${incident}-${post}`,
            incidentKey: head,
          });
      }
      for (const i of [0, 1]) {
        const incident = `solo-${round}-${i}`;
        incidents.push(incident);
        await alerts.raise(practice.id, {
          kind: 'target_failed',
          severity: 'critical',
          title: `Post ${incident} did not go out`,
          message: 'X refused it.',
          link: `/incidents/${incident}/post`,
          dedupeKey: `target_failed:${incident}`,
        });
      }
      // Each notifier's passes run one at a time (as in one process); the two notifiers' passes overlap.
      await Promise.all([pass(a, 0), pass(b, 25), pass(a, 25), pass(b, 25)]);
    }

    const mails = [...mailerA.sent, ...mailerB.sent];
    const mailed = (incident: string) => mails.filter((m) => m.text.includes(`/incidents/${incident}/`));
    const twice = incidents.filter((incident) => mailed(incident).length !== 1);
    expect(twice.map((incident) => `${incident}: ${mailed(incident).length}`)).toEqual([]);
    expect(mails).toHaveLength(incidents.length);
    for (const incident of incidents.filter((key) => key.startsWith('reconnect-')))
      expect(mailed(incident)[0].subject).toBe(`[Two Workers Dental] Reconnect ${incident}`);
    // Both processes did some of the work, and nothing is left held or undelivered.
    expect(mailerA.sent.length).toBeGreaterThan(0);
    expect(mailerB.sent.length).toBeGreaterThan(0);
    const rows = await db.dataSource.getRepository(Alert).findBy({ practiceId: practice.id });
    expect(rows).toHaveLength(incidents.length * 2);
    expect(rows.filter((r) => !r.notifiedAt || r.deliveryClaimedBy || r.deliveryClaimedUntil)).toEqual([]);
  });

  it('renews the lease while an e-mail takes longer than one lease: the other process never takes it over', async () => {
    const system = new SystemClock();
    const { practice } = await newPractice(db.dataSource, system, 'Slow Mail Server Pediatrics');
    await new AlertsService(db.dataSource, system).raise(practice.id, {
      kind: 'target_failed',
      severity: 'critical',
      title: 'A Google post did not go out',
      message: 'Google refused it.',
      link: '/posts/slow-1',
      dedupeKey: 'target_failed:slow-1',
    });
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const slowMail = new CountingMailer(() => {
      started();
      return sleep(1500);
    });
    const holder = notifier(db.dataSource, slowMail, { clock: system, leaseMs: 300 });
    const otherMail = new CountingMailer();
    const otherProcess = notifier(other, otherMail, { clock: system, leaseMs: 300 });
    const holding = holder.deliverPending();
    await sending;
    let passes = 0;
    for (const until = Date.now() + 1300; Date.now() < until; passes++) {
      await otherProcess.deliverPending();
      await sleep(40);
    }
    expect(await holding).toBe(1);
    expect(passes).toBeGreaterThan(5);
    expect(otherMail.sent).toHaveLength(0);
    expect(slowMail.sent).toHaveLength(1);
  });

  it('takes over the alerts of a pass that died mid-e-mail once its lease ends, and not before', async () => {
    const { practice } = await newPractice(db.dataSource, clock, 'Crashed Worker Clinic');
    await alerts.raise(practice.id, {
      kind: 'target_failed',
      severity: 'critical',
      title: 'A LinkedIn post did not go out',
      message: 'LinkedIn refused it.',
      link: '/posts/crashed-1',
      dedupeKey: 'target_failed:crashed-1',
    });
    // The first process claims the alert and starts its e-mail, which never returns: the process is gone.
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const crashed = new CountingMailer(() => {
      started();
      return new Promise<void>(() => undefined);
    });
    void notifier(db.dataSource, crashed).deliverPending();
    await sending;
    const repo = db.dataSource.getRepository(Alert);
    const held = await repo.findOneByOrFail({ practiceId: practice.id, dedupeKey: 'target_failed:crashed-1' });
    expect(held.deliveryClaimedBy).toEqual(expect.any(String));
    const leaseEnds = held.deliveryClaimedUntil!.getTime();
    expect(leaseEnds).toBeGreaterThan(clock.now().getTime());

    const survivorMail = new CountingMailer();
    const survivor = notifier(other, survivorMail);
    expect(await survivor.deliverPending()).toBe(0);
    clock.set(new Date(leaseEnds - 1));
    expect(await survivor.deliverPending()).toBe(0);
    expect(survivorMail.sent).toHaveLength(0);

    clock.set(new Date(leaseEnds + 1));
    expect(await survivor.deliverPending()).toBe(1);
    expect(survivorMail.sent.map((m) => m.subject)).toEqual(['[Crashed Worker Clinic] A LinkedIn post did not go out']);
    const row = await repo.findOneByOrFail({ id: held.id });
    expect(row).toMatchObject({ notifyAttempts: 2, deliveryClaimedBy: null, deliveryClaimedUntil: null });
    expect(row.notifiedAt).not.toBeNull();
    expect(await survivor.deliverPending()).toBe(0);
    expect(survivorMail.sent).toHaveLength(1);
    expect(crashed.sent).toHaveLength(1);
  });
});
