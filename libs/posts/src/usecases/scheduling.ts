// Moving between approved and scheduled, and voiding an approval when content or date no longer match.
import { EntityManager } from 'typeorm';
import { Actor } from '@app/audit';
import { Post } from '../entities/post.entity';
import { renderPost } from '../rendering/render-post';
import { Practice } from '@app/practices';
import { appliesOn, NETWORK_NAMES } from '@app/templates';
import { canDo, transition } from '../state-machine';
import { moveTargets } from '../target-state-machine';
import { WorkflowDeps } from './deps';
import { targetRefs } from './post-store';
import { stillApproved } from '../approval-rules';
import { TIME_PASSED_NOTE, timePassedUnpublished } from '../words/post-status-words';

/** approved -> scheduled when the post has a future time and targets; returns why not otherwise. */
export async function scheduleIfReady(
  deps: WorkflowDeps,
  tx: EntityManager,
  post: Post,
  actor: Actor,
): Promise<string | null> {
  if (!canDo('schedule', post.status)) return null;
  if (!post.scheduledAt) return 'Approved. Pick a date and time to schedule it.';
  // Never published late (Hootsuite's rule too): it stays approved, unscheduled, and says why.
  if (timePassedUnpublished(post, deps.clock.now())) return TIME_PASSED_NOTE;
  transition(post, 'schedule');
  await deps.posts.save(post, tx);
  await deps.posts.scheduleTargets(post.practiceId, post.id, post.scheduledAt, tx);
  moveTargets(post.targets ?? [], 'schedule', { dueAt: post.scheduledAt });
  await deps.audit.record(tx, post.practiceId, {
    actor,
    action: 'post.scheduled',
    entityType: 'post',
    entityId: post.id,
    details: {
      scheduledAt: post.scheduledAt.toISOString(),
      scheduledLocal: post.scheduledLocal,
      timezone: post.timezone,
      version: post.version,
    },
  });
  return null;
}

/** Whether the approval still covers the post as it would render now (content and dated-template fit). */
export function approvalStillFits(
  deps: WorkflowDeps,
  post: Post,
  practice: Practice,
): { fits: true } | { fits: false; reason: string } {
  const template = post.templateKey ? deps.library.get(post.templateKey) : undefined;
  if (
    template &&
    template.kind === 'dated' &&
    post.scheduledLocal &&
    !appliesOn(template, post.scheduledLocal.slice(0, 10))
  ) {
    return {
      fits: false,
      reason: `the template "${template.title}" is for ${template.month ? monthName(template.month) : `${template.window?.from} to ${template.window?.to}`}, not ${post.scheduledLocal.slice(0, 10)}`,
    };
  }
  const rendered = renderPost(post, targetRefs(post), practice);
  for (const target of post.targets ?? []) {
    const now = rendered.targets.find((t) => t.accountId === target.accountId);
    if (!stillApproved(now?.hash, target.approvedHash))
      return { fits: false, reason: `the ${NETWORK_NAMES[target.network]} text would no longer be what was approved` };
  }
  return { fits: true };
}

/** Back to draft: the approval no longer applies. Jobs are removed after the transaction commits. */
export async function voidApproval(
  deps: WorkflowDeps,
  tx: EntityManager,
  post: Post,
  actor: Actor,
  reason: string,
): Promise<void> {
  const wasScheduled = post.status === 'scheduled';
  transition(post, 'void_approval');
  await deps.posts.voidTargetApprovals(post.practiceId, post.id, tx);
  moveTargets(post.targets ?? [], 'void_approval', { approvedHash: null, dueAt: null });
  await deps.posts.voidApprovals(post.practiceId, post.id, deps.clock.now(), reason, tx);
  await deps.audit.record(tx, post.practiceId, {
    actor,
    action: 'post.approval_voided',
    entityType: 'post',
    entityId: post.id,
    details: { reason, wasScheduled, version: post.version },
  });
}

const monthName = (month: number) =>
  new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
