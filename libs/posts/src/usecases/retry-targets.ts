// "Retry" on a post's failed networks: their targets become due now again (through the state machine, with one
// audit entry), after the account was reconnected, a network hiccup passed or a post came in too late. The
// scheduler then runs them through the same publisher as any other target, which reads the network back first
// so a post the network did take is recorded rather than sent twice.
import { DataSource, EntityManager } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { AuditLog } from '@app/audit';
import { Clock, ConflictError, inTransaction, NotFoundError } from '@app/core';
import { SocialAccount, versionRetiredKey } from '@app/accounts';
import { type Network, NETWORK_NAMES } from '@app/publishing';
import { actorOf, SessionUser } from '@app/practices';
import { Post } from '../entities/post.entity';
import { PostTarget } from '../entities/post-target.entity';
import { canDo, transition } from '../state-machine';
import { describeTarget } from '../words/target-outcome';
import { lockPost } from './post-store';

/** The API version this process sends to a network (LINKEDIN_VERSION), when the network has one. */
export type ApiVersionOf = (network: Network) => string | undefined;

export class RetryTargets {
  private readonly alerts: AlertsService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly apiVersionOf: ApiVersionOf = () => undefined,
  ) {
    this.alerts = new AlertsService(dataSource, clock);
  }

  /**
   * Makes the failed targets due now (only `targetId` when given) and returns their ids. Refused with a 409 that
   * says what to do instead when nothing can be retried: not failed, the approval no longer holds, or the
   * account still needs reconnecting.
   */
  async run(practiceId: string, user: SessionUser, postId: string, targetId?: string): Promise<string[]> {
    return inTransaction(this.dataSource, async (tx) => {
      const post = await lockPost(tx, practiceId, postId);
      const targets = post.targets ?? [];
      const chosen = targetId ? targets.filter((t) => t.id === targetId) : targets.filter((t) => t.status === 'failed');
      if (targetId && chosen.length === 0) throw new NotFoundError('Target', targetId);
      if (!canDo('retry', post.status) || chosen.length === 0 || chosen.some((t) => t.status !== 'failed'))
        throw new ConflictError(
          targetId
            ? `Only a network that failed can be retried; on ${NETWORK_NAMES[chosen[0].network]} this post is ${chosen[0].status}`
            : `Nothing to retry: this post is ${post.status.replace(/_/g, ' ')} and none of its networks failed`,
          { currentState: post.status, action: 'retry' },
        );
      const accounts = await tx
        .getRepository(SocialAccount)
        .findBy(chosen.map((t) => ({ practiceId, id: t.accountId })));
      for (const target of chosen)
        this.assertRetryable(
          target,
          accounts.find((a) => a.id === target.accountId),
        );
      await this.assertVersionFixed(tx, practiceId, chosen);

      const now = this.clock.now();
      for (const target of chosen) {
        // lastErrorKind stays until a success clears it: the alert for the failure is resolved then.
        await tx
          .getRepository(PostTarget)
          .update(
            { id: target.id, practiceId, status: 'failed' },
            { status: 'scheduled', dueAt: now, nextAttemptAt: null, claimedBy: null, leaseUntil: null },
          );
      }
      const from = post.status;
      await tx.getRepository(Post).update({ practiceId, id: postId }, { status: transition(post, 'retry') });
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.retry',
        entityType: 'post',
        entityId: postId,
        details: {
          from,
          targets: chosen.map((t) => ({ id: t.id, network: t.network, lastErrorKind: t.lastErrorKind })),
        },
      });
      return chosen.map((t) => t.id);
    });
  }

  /**
   * A target the network refused for its retired API version is retried only once the operator has changed the
   * setting (the version sent now is not the one refused); that closes the version_retired alert, since its cause
   * is fixed. If the new version is refused too, the failure raises a new alert.
   */
  private async assertVersionFixed(tx: EntityManager, practiceId: string, targets: PostTarget[]): Promise<void> {
    for (const network of new Set(targets.filter((t) => t.lastErrorKind === 'version_retired').map((t) => t.network))) {
      const [alert] = await this.alerts.openWithPrefix(practiceId, versionRetiredKey(network), tx);
      const refused = typeof alert?.details.version === 'string' ? alert.details.version : undefined;
      const current = this.apiVersionOf(network);
      if (refused && refused === current)
        throw new ConflictError(
          `${NETWORK_NAMES[network]} retired API version ${current}, which is still the one configured. An administrator must set LINKEDIN_VERSION to a current version (YYYYMM) and restart; then retry.`,
          { action: 'retry', reason: 'version_retired', version: current },
        );
      if (alert) await this.alerts.close([alert], tx);
    }
  }

  private assertRetryable(target: PostTarget, account: SocialAccount | undefined): void {
    const network = NETWORK_NAMES[target.network];
    if (!account)
      throw new ConflictError(
        `The ${network} account of this post was removed; duplicate the post and choose another account`,
        {
          action: 'retry',
          targetId: target.id,
        },
      );
    if (account.status !== 'connected')
      throw new ConflictError(
        `The ${network} account "${account.name}" still needs to be reconnected. Reconnect it under Accounts, then retry.`,
        { action: 'retry', targetId: target.id, accountStatus: account.status },
      );
    if (!target.approvedHash || !describeTarget(target, account).retryable)
      throw new ConflictError(
        `${network}: ${describeTarget(target, account).nextStep ?? 'this network cannot be retried'}`,
        { action: 'retry', targetId: target.id, reason: target.lastErrorKind },
      );
  }
}
