// The publisher's way into the targets table: every write a publish attempt makes (claim, mark publishing,
// record published, retry, fail, release) and the reads its checks need. Its statements live in store/ (claim,
// lease, fingerprints, post statuses, preflight, record published); the scheduler decides when to call which. Each
// write moves targets through the target state machine (target-state-machine.ts): its WHERE and SET come from there.
import { DataSource, In } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { inTransaction } from '@app/core';
import { ContentChecker } from '../content-checker';
import { PostTarget } from '../entities/post-target.entity';
import { targetLeadsTo, targetStatusIs } from '../target-state-machine';
import { Claimed, ClaimRequest, claimTargets } from './store/claim';
import { readFingerprints } from './store/fingerprints';
import { HeldClaim, renewLeases } from './store/lease';
import { markPostsPublishing, settlePostStatuses } from './store/post-status';
import { Preflight, preflightAll } from './store/preflight';
import { keepNetworkIds, PublishedTarget, recordPublished } from './store/record-published';
import { targetAuditDetails } from './store/target-audit';

/** A target as the scheduler holds it between store calls: data read from the row, never saved back. */
export type TargetRow = Readonly<Omit<PostTarget, 'post'>>;

/** Why an attempt is retried, as the target row and the audit entry keep it. */
export interface RetryReason {
  at: Date;
  errorKind: string;
  message: string;
  networkCode: string | null;
}

/** Reasons a target is stopped rather than failed: the content or its approval no longer holds. */
const STOPPED_REASONS = ['content_changed', 'phi_regression', 'authorization_expired'];

export class TargetStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly checker: ContentChecker,
  ) {}

  /** Scheduled and due -> publishing (or an expired lease taken over), for this call's token only. */
  claim(request: ClaimRequest): Promise<Claimed[]> {
    return claimTargets(this.dataSource, request);
  }

  /** The posts of just-claimed targets show as publishing (no audit entry: nothing was decided yet). */
  markPostsPublishing(postIds: string[]): Promise<void> {
    return markPostsPublishing(this.dataSource.manager, postIds);
  }

  byIds(ids: string[]): Promise<TargetRow[]> {
    return this.dataSource.getRepository(PostTarget).findBy({ id: In([...new Set(ids)]) });
  }

  /** The checks before publishing (content still approved, PHI, account), one read per table for the batch. */
  preflight(targets: TargetRow[], now: Date): Promise<Map<string, Preflight>> {
    return preflightAll(this.dataSource.manager, this.checker, targets as PostTarget[], now);
  }

  fingerprints(targetIds: string[]): Promise<Map<string, string>> {
    return readFingerprints(this.dataSource, targetIds);
  }

  /**
   * Publishes that happened, with post statuses and audit entries, in one transaction; only those whose claim
   * still holds the target are recorded (returned).
   */
  recordPublished(items: PublishedTarget[], at: Date): Promise<PublishedTarget[]> {
    return inTransaction(this.dataSource, (tx) => recordPublished(tx, this.audit, items, at));
  }

  /** Just the network ids, when the full record could not be written. */
  keepNetworkIds(items: PublishedTarget[], at: Date): Promise<void> {
    return keepNetworkIds(this.dataSource.manager, items, at);
  }

  /** Extends the leases of claims still held (see store/lease.ts); the ids of those still held. */
  renewLeases(claims: HeldClaim[], leaseUntil: Date): Promise<Set<string>> {
    return renewLeases(this.dataSource, claims, leaseUntil);
  }

  /** Gives a claim back before anything was sent, to be tried again at `at`. */
  async release(target: TargetRow, at: Date): Promise<void> {
    await this.dataSource
      .getRepository(PostTarget)
      .update(
        { id: target.id, claimedBy: target.claimedBy!, status: targetStatusIs('release') },
        { status: targetLeadsTo('release'), claimedBy: null, leaseUntil: null, nextAttemptAt: at },
      );
  }

  /** False (and nothing written) when this attempt's claim no longer holds the target: another worker took it over. */
  async scheduleRetry(target: TargetRow, retry: RetryReason): Promise<boolean> {
    return inTransaction(this.dataSource, async (tx) => {
      const held = await tx.getRepository(PostTarget).update(
        { id: target.id, claimedBy: target.claimedBy!, status: targetStatusIs('await_retry') },
        {
          status: targetLeadsTo('await_retry'),
          nextAttemptAt: retry.at,
          claimedBy: null,
          leaseUntil: null,
          lastErrorKind: retry.errorKind,
          lastError: retry.message,
        },
      );
      if (!held.affected) return false;
      // The post locked, then its targets read (settlePostStatuses): two of its targets scheduled for a retry
      // at once each saw the other still publishing and left the post "publishing" on PostgreSQL.
      await settlePostStatuses(tx, [{ practiceId: target.practiceId, postId: target.postId }]);
      await this.audit.record(tx, target.practiceId, {
        actor: SYSTEM_ACTOR,
        action: 'target.retry_scheduled',
        entityType: 'post',
        entityId: target.postId,
        details: {
          ...targetAuditDetails(target),
          errorKind: retry.errorKind,
          networkCode: retry.networkCode,
          retryAt: retry.at.toISOString(),
        },
      });
      return true;
    });
  }

  /**
   * The target failed (or was stopped): its row, its post's status and the audit entries in one transaction. False
   * (and nothing written) when this attempt's claim no longer holds the target.
   */
  async fail(target: TargetRow, kind: string, message: string): Promise<boolean> {
    return inTransaction(this.dataSource, async (tx) => {
      const held = await tx.getRepository(PostTarget).update(
        { id: target.id, claimedBy: target.claimedBy!, status: targetStatusIs('fail') },
        {
          status: targetLeadsTo('fail'),
          claimedBy: null,
          leaseUntil: null,
          nextAttemptAt: null,
          lastErrorKind: kind,
          lastError: message,
        },
      );
      if (!held.affected) return false;
      // Posts before audit heads, as every writer does (see record-published).
      const postEvents = await settlePostStatuses(tx, [{ practiceId: target.practiceId, postId: target.postId }]);
      await this.audit.recordMany(tx, target.practiceId, [
        {
          actor: SYSTEM_ACTOR,
          action: STOPPED_REASONS.includes(kind) ? 'target.publish_stopped' : 'target.failed',
          entityType: 'post',
          entityId: target.postId,
          details: { ...targetAuditDetails(target), reason: kind, message },
        },
        ...(postEvents.get(target.practiceId) ?? []),
      ]);
      return true;
    });
  }
}
