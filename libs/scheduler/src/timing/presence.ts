// Embedded mode's "worker heartbeat": the due scan sets this key each pass, /api/health reads it.
/** How long the in-process publisher counts as live after its last pass. */
export const PRESENCE_TTL_MS = 60_000;

export function presenceKey(prefix: string): string {
  return `${prefix}:embedded-publisher`;
}
