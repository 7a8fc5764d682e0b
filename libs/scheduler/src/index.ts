export { CadenceGuard, type CadenceReport } from './cadence/cadence-guard';
export { type CadenceGap, findGaps, slotInGap } from './cadence/gaps';
export { PublishProcessor } from './publish-processor';
export { ACCOUNT_GATEWAY, type AccountGateway } from './publish/account-gateway';
export { heldGraceMs, Launcher, launcherSettings, type LauncherSettings } from './publish/launcher';
export { RELEASE_SLICE } from './publish/instants';
export { type PreparedCheck, type PreparedTarget } from './publish/prepared';
export { PublishNow, type TargetOutcomes } from './publish/publish-now';
export { MAX_ATTEMPTS, nextAttemptAt } from './publish/retry-policy';
export {
  type Preparation,
  type PublisherSettings,
  type PublishOutcome,
  TargetPublisher,
} from './publish/target-publisher';
export {
  groupedJobId,
  JobName,
  PUBLISH_JOB_OPTIONS,
  PUBLISH_QUEUE,
  publishJobId,
  type PublishTargetJob,
  runAtOf,
  runAtOfJobId,
} from './queue/jobs';
export { createPublishQueue, PublishQueue, type QueueSettings } from './queue/publish-queue';
export { Reconciler, type ReconcileReport } from './reconciler';
export { PUBLISH_BULL_QUEUE, SchedulerModule, WORKER_ID } from './scheduler.module';
export { startWorker } from './start-worker';
export { AccountPace } from './timing/account-pace';
export { DatabaseTiming } from './timing/database-timing';
export { DueScan, SCAN_EVERY_MS, type ScanReport } from './timing/due-scan';
export { PRESENCE_TTL_MS, presenceKey } from './timing/presence';
export { type HeldTarget, PUBLISH_TIMING, type PublishTiming } from './timing/publish-timing';
export { livePublishers, WorkerHeartbeat } from './worker-heartbeat';
export { WorkerRuntimeModule } from './worker-runtime.module';
export { NO_PUBLISHER_ALERT, OVERDUE_GRACE_MS, PublisherWatch, type WatchReport } from './watch/publisher-watch';
