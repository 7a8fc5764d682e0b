// CPU time spent by processes, read from /proc: robust to a loaded machine where wall-clock figures are not.
// The bench reads the workers' own CPU and that of their PostgreSQL backends, per published target.
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/**
 * User + system CPU of one process in ms (with `mainThread`, of its main thread alone: JavaScript and what blocks
 * it, not the garbage collector's or libuv's helper threads); 0 when it is gone or /proc is not there.
 */
export function processCpuMs(pid: number, mainThread = false): number {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** The server processes (backends) of PostgreSQL connections opened with this application_name. */
export async function backendPids(ds: DataSource, applicationName: string): Promise<number[]> {
  const rows = (await ds.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
    applicationName,
  ])) as Array<{ pid: number }>;
  return rows.map((r) => Number(r.pid));
}

/** Transactions committed in the current database so far (each statement outside a transaction counts one). */
export async function committedTransactions(ds: DataSource): Promise<number> {
  const [row] = (await ds.query(
    'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
  )) as Array<{ n: string }>;
  return Number(row.n);
}

/** Sums the CPU of a changing set of processes between two moments (backends may come and go in a pool). */
export class CpuMeter {
  private readonly start = new Map<number, number>();

  constructor(
    private readonly pids: () => Promise<number[]> | number[],
    private readonly mainThread = false,
  ) {}

  async begin(): Promise<void> {
    this.start.clear();
    for (const pid of await this.pids()) this.start.set(pid, processCpuMs(pid, this.mainThread));
  }

  /** CPU ms since begin(); a process that appeared meanwhile counts from its start. */
  async elapsed(): Promise<number> {
    let total = 0;
    for (const pid of await this.pids()) total += processCpuMs(pid, this.mainThread) - (this.start.get(pid) ?? 0);
    return total;
  }
}
