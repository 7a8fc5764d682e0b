// Failures a test (or a fault script in another process) tells a fake to produce.
import { randomUUID } from 'node:crypto';

export const FAULT_KINDS = [
  'expired_token',
  'revoked_token',
  'rate_limited',
  'duplicate',
  'server_error',
  'slow',
  'accept_then_hang',
  'accept_then_reset',
  'connection_reset',
  'permission_denied',
  'version_retired',
  'rejected_content',
  'missing_id',
  // Instagram media containers: the container is created but ends in status ERROR / EXPIRED.
  'media_error',
  'container_expired',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Which requests a fault hits: a route operation ('publish', 'read', 'media', 'upload', 'token',
 * 'authorize', 'me', 'accounts'...), 'api' (every call made with an access token), or 'any'.
 */
export type FaultTarget = string;

export interface FaultSpec {
  kind: FaultKind;
  /** Default: 'publish' for publish-shaped faults, 'api' for the rest. */
  operation?: FaultTarget;
  /** How many matching requests it hits (default 1), or until cleared. */
  times?: number | 'until_cleared';
  /** slow: delay before handling; accept_then_hang: answer after this long (absent: never). */
  delayMs?: number;
  /** server_error status (default 500/503 per network). */
  status?: number;
  /** rate_limited: when access comes back, in seconds from now (default 900). */
  retryAfterSeconds?: number;
  /** Facebook error code for rate_limited (80001 default; 4/17/32/613) or permission_denied (200 default; 10). */
  code?: number;
  /** Replaces the network's message in the error body. */
  message?: string;
}

export interface ActiveFault
  extends Required<Pick<FaultSpec, 'kind' | 'operation'>>, Omit<FaultSpec, 'kind' | 'operation'> {
  id: string;
  remaining: number;
  hits: number;
}

const PUBLISH_FAULTS: ReadonlySet<FaultKind> = new Set([
  'duplicate',
  'accept_then_hang',
  'accept_then_reset',
  'missing_id',
  'rejected_content',
]);

/** Faults that spoil a media container rather than an answer: they hit container creation ('media'). */
const MEDIA_FAULTS: ReadonlySet<FaultKind> = new Set(['media_error', 'container_expired']);

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

export class FaultBook {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    if (!isFaultKind(spec.kind))
      throw new Error(`unknown fault kind ${String(spec.kind)}; one of ${FAULT_KINDS.join(', ')}`);
    const times = spec.times ?? 1;
    const fault: ActiveFault = {
      ...spec,
      kind: spec.kind,
      operation:
        spec.operation ?? (PUBLISH_FAULTS.has(spec.kind) ? 'publish' : MEDIA_FAULTS.has(spec.kind) ? 'media' : 'api'),
      id: randomUUID(),
      remaining: times === 'until_cleared' ? Number.POSITIVE_INFINITY : times,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The first fault matching this route, consumed by one; undefined when none applies. */
  take(operation: string, authenticated: boolean): ActiveFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.operation, operation, authenticated));
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  clear(id?: string): void {
    this.faults = id ? this.faults.filter((f) => f.id !== id) : [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({
      ...f,
      times: f.remaining === Number.POSITIVE_INFINITY ? 'until_cleared' : f.remaining,
    }));
  }
}

function matches(target: string, operation: string, authenticated: boolean): boolean {
  if (target === 'any') return true;
  if (target === 'api') return authenticated;
  return target === operation;
}
