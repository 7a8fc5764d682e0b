// Preloaded into a worker by bench:scheduler when ALLOC_PROFILE is set (node -r): samples what the worker allocates
// between the burst's instant and its drain, garbage included, so a profile shows the allocation that drives the
// garbage collector rather than only what is still alive. The bench marks the window with two files in
// ALLOC_PROFILE_DIR ("start", "stop"); this writes alloc-<pid>.heapprofile there (Chrome DevTools' format;
// `npm run -s bench:alloc-summary -- <file>` prints it by function). ALLOC_PROFILE_KEEP=old: only objects that
// survived every scavenge (what was promoted into the old generation or is still young at the stop).
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.ALLOC_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  const oldOnly = process.env.ALLOC_PROFILE_KEEP === 'old';
  let state = 'waiting';
  const poll = setInterval(() => {
    if (state === 'waiting' && existsSync(join(dir, 'start'))) {
      state = 'sampling';
      session.post('HeapProfiler.startSampling', {
        samplingInterval: 8192,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: !oldOnly,
      });
    } else if (state === 'sampling' && existsSync(join(dir, 'stop'))) {
      state = 'done';
      clearInterval(poll);
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (!error) writeFileSync(join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(result.profile));
      });
    }
  }, 20);
  poll.unref();
}
