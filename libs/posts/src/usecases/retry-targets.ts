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
import { canMoveTarget, refusedTargetStates } from '../target-state-machine';
import { describeTarget } from '../words/target-outcome';
import { PostStore } from './post-store';

/** The API version this process sends to a network (LINKEDIN_VERSION), when the network has one. */
export type ApiVersionOf = (network: Network) => string | undefined;

export class RetryTargets {
  private readonly alerts: AlertsService;
  private readonly posts: PostStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly apiVersionOf: ApiVersionOf = () => undefined,
  ) {
    this.alerts = new AlertsService(dataSource, clock);
    this.posts = new PostStore(dataSource);
  }

  /**
   * Makes the failed targets due now (only `targetId` when given) and returns their ids. Refused with a 409 that
   * says what to do instead when nothing can be retried: not failed, the approval no longer holds, or the
   * account still needs reconnecting.
   */
  async run(practiceId: string, user: SessionUser, postId: string, targetId?: string): Promise<string[]> {
    return inTransaction(this.dataSource, async (tx) => {
      const post = await this.posts.lock(practiceId, postId, tx);
      const targets = post.targets ?? [];
      const chosen = targetId
        ? targets.filter((t) => t.id === targetId)
        : targets.filter((t) => canMoveTarget('retry', t.status));
      if (targetId && chosen.length === 0) throw new NotFoundError('Target', targetId);
      const refused = refusedTargetStates(
        'retry',
        chosen.map((t) => t.status),
      );
      if (!canDo('retry', post.status) || chosen.length === 0 || refused.length)
        throw new ConflictError(
          targetId
            ? `Only a network that failed can be retried; on ${NETWORK_NAMES[chosen[0].network]} this post is ${chosen[0].status}`
            : `Nothing to retry: this post is ${post.status.replace(/_/g, ' ')} and none of its networks failed`,
          { currentState: post.status, action: 'retry' },
        );
      const accounts = await this.posts.accounts(
        practiceId,
        chosen.map((t) => t.accountId),
        tx,
      );
      for (const target of chosen)
        this.assertRetryable(
          target,
          accounts.find((a) => a.id === target.accountId),
        );
      await this.assertVersionFixed(tx, practiceId, chosen);

      await this.makeDue(tx, practiceId, user, post, chosen);
      return chosen.map((t) => t.id);
    });
  }

  /**
   * "Retry failed posts" on an account, after a reconnect: every failed target of that account that a retry can
   * help becomes due now, in one transaction, with a post.retry entry per post and one account.retry_failed entry.
   * Targets whose approval no longer holds (or whose post was deleted) are left as they are; a network API version
   * still retired is left too, with its reason. Returns the target ids.
   */
  async runForAccount(practiceId: string, user: SessionUser, accountId: string): Promise<string[]> {
    return inTransaction(this.dataSource, async (tx) => {
      const account = await this.posts.account(practiceId, accountId, tx);
      if (!account) throw new NotFoundError('Account', accountId);
      const network = NETWORK_NAMES[account.network];
      if (account.status !== 'connected')
        throw new ConflictError(
          `The ${network} account "${account.name}" still needs to be reconnected. Reconnect it, then retry its failed posts.`,
          { action: 'retry', accountStatus: account.status },
        );
      const failed = await this.posts.failedTargetsOn(practiceId, accountId, tx);
      const helped = failed.filter((t) => t.approvedHash && describeTarget(t, account).retryable);
      const chosen = await this.withoutRetiredVersion(tx, practiceId, helped);
      if (!chosen.length)
        throw new ConflictError(
          `Nothing to retry: no failed post on the ${network} account "${account.name}" can be retried`,
          {
            action: 'retry',
            failed: failed.length,
          },
        );
      const retried: PostTarget[] = [];
      for (const postId of [...new Set(chosen.map((t) => t.postId))]) {
        const post = await this.posts.lock(practiceId, postId, tx);
        if (post.deletedAt || !canDo('retry', post.status)) continue;
        const mine = (post.targets ?? []).filter(
          (t) => canMoveTarget('retry', t.status) && chosen.some((c) => c.id === t.id),
        );
        await this.makeDue(tx, practiceId, user, post, mine, { accountId });
        retried.push(...mine);
      }
      if (!retried.length)
        throw new ConflictError(`Nothing to retry on the ${network} account "${account.name}"`, { action: 'retry' });
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'account.retry_failed',
        entityType: 'social_account',
        entityId: accountId,
        details: {
          network: account.network,
          posts: [...new Set(retried.map((t) => t.postId))],
          targets: retried.map((t) => ({ id: t.id, postId: t.postId, lastErrorKind: t.lastErrorKind })),
          skipped: failed.length - retried.length,
        },
      });
      return retried.map((t) => t.id);
    });
  }

  /** The chosen failed targets become due now; the post moves through the state machine with one audit entry. */
  private async makeDue(
    tx: EntityManager,
    practiceId: string,
    user: SessionUser,
    post: Post,
    chosen: PostTarget[],
    via?: { accountId: string },
  ): Promise<void> {
    const now = this.clock.now();
    // lastErrorKind stays until a success clears it: the alert for the failure is resolved then.
    await this.posts.retryFailedTargets(
      practiceId,
      chosen.map((t) => t.id),
      now,
      tx,
    );
    const from = post.status;
    await this.posts.setStatus(practiceId, post.id, transition(post, 'retry'), tx);
    await this.audit.record(tx, practiceId, {
      actor: actorOf(user),
      action: 'post.retry',
      entityType: 'post',
      entityId: post.id,
      details: {
        from,
        ...(via ? { via: 'account', accountId: via.accountId } : {}),
        targets: chosen.map((t) => ({ id: t.id, network: t.network, lastErrorKind: t.lastErrorKind })),
      },
    });
  }

  /** The bulk retry leaves out what the version rule refuses (and says so when nothing else is left). */
  private async withoutRetiredVersion(
    tx: EntityManager,
    practiceId: string,
    targets: PostTarget[],
  ): Promise<PostTarget[]> {
    try {
      await this.assertVersionFixed(tx, practiceId, targets);
      return targets;
    } catch (error) {
      const others = targets.filter((t) => t.lastErrorKind !== 'version_retired');
      if (!others.length) throw error;
      return others;
    }
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
