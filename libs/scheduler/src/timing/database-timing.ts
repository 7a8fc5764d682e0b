// Embedded mode's timing: nothing to add, move or remove when a post is scheduled, rescheduled or cancelled, since
// the due scan reads the targets' times from the database every second (DueScan). Markers are not needed either:
// the one process's launcher knows what it holds, and after a restart the scan finds everything again.
import type { TargetSchedule, TargetTiming } from '@app/posts';
import type { PublishTiming } from './publish-timing';

export class DatabaseTiming implements PublishTiming {
  readonly mode = 'embedded' as const;

  constructor(
    private readonly targets: TargetSchedule,
    readonly prepareMs: number,
  ) {}

  async scheduled(): Promise<void> {}

  async unscheduled(): Promise<void> {}

  async ensureJob(): Promise<string | null> {
    return null;
  }

  async restoreJob(): Promise<boolean> {
    return false;
  }

  async restoreJobs(): Promise<number> {
    return 0;
  }

  async heldElsewhere(): Promise<string[]> {
    return [];
  }

  async markHeld(): Promise<void> {}

  async unmarkHeld(): Promise<void> {}

  scheduledTargets(ids: string[]): Promise<TargetTiming[]> {
    return this.targets.scheduled(ids);
  }

  async pauseIntake(): Promise<void> {}
}
