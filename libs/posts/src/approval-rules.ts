// The rules of an approval, in one place. The reviewer's approve (usecases/review-post.ts), the re-check just before
// publishing (targets/store/preflight.ts), scheduling and the evergreen fill all ask these functions, so what an
// approval means cannot drift between the moment it is given and the moment it is relied on:
//  1. nobody approves (or otherwise reviews) a post they wrote or edited;
//  2. an approval covers exact content: the hash the reviewer saw, and per target the hash of its final text;
//  3. a blocking PHI finding is never approved; a warning is approved only with a written justification for that
//     exact finding (rule, network, position), and at publish time any finding the reviewer did not accept stops it.
import { ConflictError, ForbiddenError } from '@app/core';

/** A finding as the checker reports it, with the network whose text holds it. */
export interface RuleFinding {
  rule: string;
  severity: 'block' | 'warn';
  start: number;
  network?: string;
}

/** What a reviewer accepted about one warning. */
export interface AcceptedWarning {
  rule: string;
  network: string;
  start: number;
}

/** Rule 1: the post's contributors (author and editors) may not review it. */
export function isOwnPost(post: { contributorIds: readonly string[] }, userId: string): boolean {
  return post.contributorIds.includes(userId);
}

export function assertNotOwnPost(
  post: { contributorIds: readonly string[] },
  userId: string,
  decision: 'approve' | 'review',
): void {
  if (isOwnPost(post, userId))
    throw new ForbiddenError(
      `You wrote or edited this post, so someone else has to ${decision === 'approve' ? 'approve' : 'review'} it`,
    );
}

/** Rule 2, at approval: the reviewer approves the content they saw, not a later edit. */
export function assertApprovesSeenContent(
  currentHash: string | null | undefined,
  seenHash: string,
  currentState: string,
): asserts currentHash is string {
  if (!currentHash || currentHash !== seenHash)
    throw new ConflictError(
      'The post changed since you opened it (its content hash differs); reload it and review again',
      { currentState, contentHash: currentHash },
    );
}

/** Rule 2, afterwards: a target's text still hashes to what was approved for it. */
export function stillApproved(
  currentHash: string | null | undefined,
  approvedHash: string | null | undefined,
): boolean {
  return !!currentHash && currentHash === approvedHash;
}

/** Rule 3: the findings no approval can cover. */
export function blockingFindings<F extends RuleFinding>(findings: readonly F[]): F[] {
  return findings.filter((f) => f.severity === 'block');
}

/** Rule 3: an accepted warning covers exactly one finding: the same rule, on the same network, at the same place. */
export function covers(accepted: AcceptedWarning, finding: RuleFinding): boolean {
  return accepted.rule === finding.rule && accepted.network === finding.network && accepted.start === finding.start;
}

/** Rule 3, at publish time: what today's check finds that the approval did not accept (every block, new warnings). */
export function unacceptedFindings<F extends RuleFinding>(
  findings: readonly F[],
  accepted: readonly AcceptedWarning[],
): F[] {
  return findings.filter((f) => f.severity === 'block' || !accepted.some((a) => covers(a, f)));
}
