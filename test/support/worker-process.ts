// A real worker process (apps/worker/src/main.ts through @swc-node/register, as `npm run` scripts run
// TypeScript) that the bench, the fault suite and the faults e2e spec start, kill -9 and measure.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The entry point: a queue-mode worker, or the whole app as `npm start` runs it (embedded mode: it publishes). */
export type ProcessMain = 'worker' | 'app';
const MAINS: Record<ProcessMain, { dir: string[]; args: string[]; ready: (line: string) => boolean }> = {
  worker: {
    dir: ['apps', 'worker', 'src'],
    args: [],
    ready: (line) => line.startsWith('Worker ') && line.includes(' started'),
  },
  app: {
    dir: ['apps', 'api', 'src'],
    args: ['--with-worker'],
    ready: (line) => line.startsWith('Practice Social Planner is running at'),
  },
};

/**
 * Compiles the app as `npm run build` does (tsc + tsc-alias) into a private folder under
 * node_modules/.cache (so it finds node_modules and config/ by walking up, and `npm run build`'s
 * `rm -rf dist` never pulls it from under a running worker). Returns the folder; remove() deletes it.
 */
export async function buildWorker(): Promise<{ dir: string; remove(): void }> {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', `planner-worker-${randomBytes(4).toString('hex')}`);
  const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    // tsc emits even when other work in progress has type errors; the bench runs what the tree holds.
    await promisify(execFile)(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', dir], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => {
      process.stderr.write(
        `[worker build] tsc reported errors (emitted anyway):\n${String(error.stdout ?? error).slice(0, 2000)}\n`,
      );
    });
    await promisify(execFile)(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', dir], { cwd: REPO_ROOT });
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}

export interface WorkerStartOptions {
  /** The worker's whole configuration (it reads nothing else from this process's environment but PATH/HOME). */
  env: Record<string, string>;
  /** Shown in error messages. */
  label?: string;
  /** A buildWorker() folder: run its compiled main.js (as `npm run start:worker` does) instead of the TypeScript. */
  build?: string;
  /** Flags for node itself, before the script (e.g. --max-old-space-size=160, --trace-gc). */
  nodeArgs?: string[];
  /** Default worker. */
  main?: ProcessMain;
  /** How long to wait for "Worker … started" (the app: "… is running at"). */
  startTimeoutMs?: number;
  /** Receives every line the worker writes (its JSON logs); default: dropped. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

const running = new Set<ChildProcess>();
// A worker must not outlive the script that started it (a thrown error, process.exit, Ctrl-C handled).
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class WorkerProcess {
  /** The last lines it wrote, for a failure message. */
  readonly tail: string[] = [];
  private peakKb = 0;
  private sampler?: NodeJS.Timeout;
  readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly label: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  static async start(options: WorkerStartOptions): Promise<WorkerProcess> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      ...options.env,
    };
    const main = MAINS[options.main ?? 'worker'];
    const args = [
      ...(options.nodeArgs ?? []),
      ...(options.build
        ? [join(options.build, ...main.dir, 'main.js')]
        : ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', join(REPO_ROOT, ...main.dir, 'main.ts')]),
      ...main.args,
    ];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const worker = new WorkerProcess(child, options.label ?? 'worker');
    let started: (() => void) | undefined;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const lines = (stream: 'stdout' | 'stderr') => {
      let rest = '';
      return (chunk: Buffer) => {
        const text = rest + chunk.toString('utf8');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          if (stream === 'stdout' && main.ready(line)) started?.();
          worker.tail.push(line);
          if (worker.tail.length > 40) worker.tail.shift();
          options.onLine?.(line, stream);
        }
      };
    };
    child.stdout!.on('data', lines('stdout'));
    child.stderr!.on('data', lines('stderr'));
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ready,
        worker.exited.then((code) =>
          Promise.reject(
            new Error(`${worker.label} exited with ${code} before it started:\n${worker.tail.join('\n')}`),
          ),
        ),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(
              () =>
                reject(new Error(`${worker.label} did not start within ${timeoutMs} ms:\n${worker.tail.join('\n')}`)),
              timeoutMs,
            )),
        ),
      ]);
    } catch (error) {
      worker.kill9();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    worker.sampler = setInterval(() => worker.sampleRss(), 250);
    worker.sampler.unref();
    return worker;
  }

  /** Peak resident set size (VmHWM) in MB, as last read from /proc while it ran. */
  peakRssMb(): number {
    this.sampleRss();
    return Math.round(this.peakKb / 1024);
  }

  /** Resident set size right now (VmRSS) in MB; 0 once it has exited. */
  currentRssMb(): number {
    if (!this.alive) return 0;
    try {
      return Math.round(
        Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
      );
    } catch {
      return 0;
    }
  }

  /** kill -9: no shutdown hooks, no lease release; whatever it held stays claimed. */
  kill9(): void {
    clearInterval(this.sampler);
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** SIGTERM (Nest shutdown hooks), then SIGKILL after graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    clearInterval(this.sampler);
    if (!this.alive) return;
    this.sampleRss();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill9(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private sampleRss(): void {
    if (!this.alive) return;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
      if (kb > this.peakKb) this.peakKb = kb;
    } catch {
      // It just exited.
    }
  }
}

/** Stops every worker (kill -9 when it does not stop in time); never throws. */
export async function stopWorkers(workers: Iterable<WorkerProcess>, graceMs = 5000): Promise<void> {
  await Promise.all([...workers].map((w) => w.stop(graceMs).catch(() => w.kill9())));
}
