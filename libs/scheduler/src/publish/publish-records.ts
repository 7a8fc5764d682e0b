// Records publishes that happened, many at once: one transaction stores the network ids, the post statuses and
// the audit entries of a batch (group commit under load; a lone publish runs at once). Only attempts whose claim
// still holds their target are recorded; the answer says which were. Then, off that path, the accounts' latest
// publish time and the resolution of earlier failure alerts.
import { Logger } from '@nestjs/common';
import { AlertsService } from '@app/alerts';
import { Clock, plural } from '@app/core';
import { PublishedTarget, TargetStore } from '@app/posts';
import { AccountGateway } from './account-gateway';
import { Batcher } from './batcher';

export class PublishRecords {
  private readonly logger = new Logger(PublishRecords.name);
  // One record transaction at a time: they would wait on each other's audit heads anyway, and a record costs
  // about the same for 10 targets as for 100, so what arrives meanwhile makes the next batch bigger. Under
  // sustained load they start at least 100 ms apart (a full batch at once): answers trickling in one by one
  // otherwise cost a transaction each, and recording a publish 100 ms later delays nothing that waits for it.
  // Up to 1,000 at once: in a burst the records are what the drain waits for last (a transaction's round trips
  // wait behind the requests' work on the event loop), and 250 at a time left them ~1 s behind the last request.
  private readonly batches = new Batcher<PublishedTarget, boolean>((items) => this.recordBatch(items), {
    maxBatch: 1000,
    concurrency: 1,
    spacingMs: 100,
  });
  /** The accounts' latest publish time, off the records' path (it orders nothing and nobody waits for it). */
  private readonly lastPublished = new Batcher<{ practiceId: string; accountId: string; at: Date }, void>(
    async (items) => {
      await this.accounts
        .recordPublishSuccess(items, new Date(Math.max(...items.map((i) => i.at.getTime()))))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not update the accounts after publishing'));
      return items.map(() => undefined);
    },
    { maxBatch: 500, concurrency: 1, spacingMs: 250 },
  );

  constructor(
    private readonly store: TargetStore,
    private readonly accounts: AccountGateway,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  /** Records one publish (batched with others); false when the attempt's claim was taken over (nothing recorded). */
  submit(item: PublishedTarget): Promise<boolean> {
    return this.batches.submit(item);
  }

  /** The publishes of a batch in one transaction; then the account's last publish time and stale alerts. */
  private async recordBatch(items: PublishedTarget[]): Promise<boolean[]> {
    const now = this.clock.now();
    const record = (batch: PublishedTarget[]) => withDeadlockRetry(() => this.store.recordPublished(batch, now));
    // Fenced out (their claim was taken over): nothing of theirs is recorded (see TargetPublisher.fenced).
    const fencedOut = new Set<string>();
    try {
      const recorded = new Set((await record(items)).map((i) => i.target.id));
      for (const { target } of items) if (!recorded.has(target.id)) fencedOut.add(target.id);
    } catch (error) {
      // One bad item must not cost the others their audit entries: record them one by one.
      this.logger.warn(
        { err: error, targetIds: items.map((i) => i.target.id) },
        'Recording a batch of publishes failed; recording them one at a time',
      );
      for (const item of items) {
        await record([item]).then(
          (recorded) => {
            if (recorded.length === 0) fencedOut.add(item.target.id);
          },
          async (inner: unknown) => {
            // The post is live. Never let bookkeeping turn into a second post: keep the id at least.
            this.logger.error(
              { err: inner, targetId: item.target.id, externalId: item.published.externalId },
              'Published, but the audit/bookkeeping transaction failed; keeping the network id',
            );
            await this.store
              .keepNetworkIds([item], now)
              .catch((last: unknown) =>
                this.logger.error(
                  { err: last, targetId: item.target.id },
                  'Published, but could not record it; the next attempt will find it by reading back',
                ),
              );
          },
        );
      }
    }
    const recorded = items.filter((i) => !fencedOut.has(i.target.id));
    if (recorded.length)
      this.logger.log(recordedSummary(recorded), `Recorded ${plural(recorded.length, 'publish', 'publishes')}`);
    for (const { target } of recorded)
      void this.lastPublished.submit({ practiceId: target.practiceId, accountId: target.accountId, at: now });
    // Only fail() raises this alert, and it records lastErrorKind, which only a success clears: a target
    // that never failed has nothing to resolve (saves a query on nearly every publish).
    for (const { target } of recorded) {
      if (target.lastErrorKind !== null)
        await this.alerts.resolve(target.practiceId, `target_failed:${target.id}`).catch(() => undefined);
    }
    return items.map((i) => !fencedOut.has(i.target.id));
  }
}

/** Targets named one by one up to this many in a batch's log line; a bigger batch (a burst) is counted. */
const NAMED_IN_LOG = 20;

/** What a batch's log line says: how many per network and practice, and which targets when there are few. */
function recordedSummary(recorded: PublishedTarget[]): Record<string, unknown> {
  const networks: Record<string, number> = {};
  for (const { target } of recorded) networks[target.network] = (networks[target.network] ?? 0) + 1;
  return {
    networks,
    practices: new Set(recorded.map((i) => i.target.practiceId)).size,
    recovered: recorded.filter((i) => i.recovered).length,
    ...(recorded.length <= NAMED_IN_LOG
      ? {
          targets: recorded.map(({ target, published }) => ({
            targetId: target.id,
            postId: target.postId,
            externalId: published.externalId,
          })),
        }
      : {}),
  };
}

/** PostgreSQL may end one of two crossing transactions as a deadlock victim; running it again is safe. */
async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code =
        (error as { code?: string; driverError?: { code?: string } }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}
