// The raw Bull baseline for bench:scheduler: a worker process that runs the publish queue's jobs as
// no-ops (same queue settings, same concurrency) and reports when each finished, over IPC.
//   env: REDIS_URL, QUEUE_PREFIX, CONCURRENCY
import { createPublishQueue, JobName } from '@app/scheduler';

const queue = createPublishQueue({ redisUrl: process.env.REDIS_URL!, prefix: process.env.QUEUE_PREFIX! });
const finished: number[] = [];
let flushTimer: NodeJS.Timeout | undefined;

function flush(): void {
  flushTimer = undefined;
  if (finished.length) process.send!({ finished: finished.splice(0) });
}

queue.on('error', (error) => process.stderr.write(`[baseline-worker] ${String(error)}\n`));
void queue.process(JobName.PublishTarget, Number(process.env.CONCURRENCY ?? 20), async () => {
  finished.push(Date.now());
  flushTimer ??= setTimeout(flush, 100);
  return 'ok';
});
queue.isReady().then(
  () => process.send!({ ready: true }),
  (error: unknown) => {
    process.stderr.write(`[baseline-worker] ${String(error)}\n`);
    process.exit(1);
  },
);
process.on('disconnect', () => {
  void queue.close().finally(() => process.exit(0));
});
