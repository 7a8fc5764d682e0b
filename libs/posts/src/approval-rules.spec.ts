// The rules of an approval are pure: unit-tested here, used by approve (review-post) and by the publish-time
// re-check (preflight), so both read the same answer.
import { ConflictError, ForbiddenError } from '@app/core';
import {
  assertApprovesSeenContent,
  assertNotOwnPost,
  blockingFindings,
  stillApproved,
  unacceptedFindings,
} from './approval-rules';

describe('approval rules', () => {
  it('refuses an author or editor as the reviewer of their own post', () => {
    const post = { contributorIds: ['author', 'editor'] };
    expect(() => assertNotOwnPost(post, 'editor', 'approve')).toThrow(ForbiddenError);
    expect(() => assertNotOwnPost(post, 'author', 'review')).toThrow(/someone else has to review it/);
    expect(() => assertNotOwnPost(post, 'reviewer', 'approve')).not.toThrow();
  });

  it('approves only the content hash the reviewer saw, and a target only while its text hashes the same', () => {
    expect(() => assertApprovesSeenContent('h2', 'h1', 'in_review')).toThrow(ConflictError);
    expect(() => assertApprovesSeenContent(null, 'h1', 'in_review')).toThrow(ConflictError);
    expect(() => assertApprovesSeenContent('h1', 'h1', 'in_review')).not.toThrow();
    expect(stillApproved('h1', 'h1')).toBe(true);
    expect(stillApproved('h1', 'h2')).toBe(false);
    expect(stillApproved(undefined, undefined)).toBe(false);
    expect(stillApproved('h1', null)).toBe(false);
  });

  it('never lets an approval cover a block; covers a warning only for the same rule, network and place', () => {
    const findings = [
      { rule: 'phone', severity: 'block' as const, start: 3, network: 'x' },
      { rule: 'date.person', severity: 'warn' as const, start: 10, network: 'x' },
      { rule: 'date.person', severity: 'warn' as const, start: 40, network: 'x' },
      { rule: 'date.person', severity: 'warn' as const, start: 10, network: 'facebook' },
    ];
    expect(blockingFindings(findings).map((f) => f.rule)).toEqual(['phone']);
    const accepted = [
      { rule: 'phone', network: 'x', start: 3 },
      { rule: 'date.person', network: 'x', start: 10 },
    ];
    expect(unacceptedFindings(findings, accepted)).toEqual([findings[0], findings[2], findings[3]]);
  });
});
