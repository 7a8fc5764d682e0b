// The port through which workflow changes reach the job queue. The scheduler implements it; the
// database stays the truth and the reconciler repairs anything a failed sync left behind.
export interface ScheduleSync {
  /** Targets of this post are due at their dueAt (add or move their jobs). */
  scheduled(practiceId: string, postId: string): Promise<void>;
  /** This post must not publish (remove its jobs). */
  unscheduled(practiceId: string, postId: string): Promise<void>;
}

export const SCHEDULE_SYNC = Symbol('SCHEDULE_SYNC');
