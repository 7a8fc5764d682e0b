// The job registry: queue and job names in one place, options as named constants, deterministic ids.
export const PUBLISH_QUEUE = 'publish';

export enum JobName {
  PublishTarget = 'publish-target',
}

export interface PublishTargetJob {
  targetId: string;
  /** For the per-account rate limiter's group key. */
  accountId: string;
}

/** When a scheduled target goes out: its due time, or its retry time if that is later. */
export function runAtOf(target: { dueAt: Date | null; nextAttemptAt: Date | null }): Date {
  return target.nextAttemptAt && target.dueAt && target.nextAttemptAt > target.dueAt
    ? target.nextAttemptAt
    : target.dueAt!;
}

/** One id per target and due instant: adding the same job twice is a no-op. */
export function publishJobId(targetId: string, runAt: Date): string {
  return `publish:${targetId}:${runAt.getTime()}`;
}

/** The run time a job id carries (see publishJobId), or undefined for an id of another shape. */
export function runAtOfJobId(jobId: string | number | undefined): number | undefined {
  const [kind, , at] = String(jobId ?? '').split(':');
  const ms = Number(at);
  return kind === 'publish' && at !== '' && Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * The id as Bull stores it: Bull's grouped rate limiter reads the group (the account) from the last ':'
 * segment of the id. Always carrying it keeps ids the same whichever process adds the job.
 */
export function groupedJobId(jobId: string, accountId: string): string {
  return `${jobId}:${accountId}`;
}

export const PUBLISH_JOB_OPTIONS = {
  attempts: 1, // retries are decided by the publisher from the error, and recorded in the database
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;
