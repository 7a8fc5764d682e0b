// A full garbage collection on demand, for a process about to do a burst of work at a known instant: collected
// while it waits, the burst's own allocations do not find the old generation at its limit and pay for a
// mark-compact in the middle of the burst.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Runs a full collection; false when this V8 will not expose one (then nothing happens). */
export function collectGarbage(): boolean {
  collect ??= exposedGc();
  if (!collect) return false;
  collect();
  return true;
}

function exposedGc(): (() => void) | null {
  const global = (globalThis as { gc?: () => void }).gc;
  if (typeof global === 'function') return global;
  try {
    // Exposed to contexts made from now on: a new context hands the function over.
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
