// Warms the fakes before bench:scheduler measures anything. The real networks' servers are never cold, but a fresh
// fakes process is: until now the drain paid for optimizing the fakes' code (their first thousands of requests) and
// the ceiling, measured after it on the same fakes, did not. The warm-up is the requests our clients send, built by
// hand (floor.ts) and fired by node:http2 from a throwaway child process, so neither the workers nor the ceiling's
// clients (this process) get any warmer from it.
import { fork } from 'node:child_process';
import * as http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import type { FleetIdentity, FleetToken } from '../../support/fake-fleet';
import { bareRequest, openSessions, sendBare, SESSION_STREAMS } from './floor';

export interface WarmUp {
  env: Record<string, string>;
  caFile: string;
  identities: FleetIdentity[];
  tokens: FleetToken[];
  publishes: number;
  /** Requests in flight at once. */
  inFlight: number;
}

/** Sends `publishes` publishes to the fakes from a child process; resolves with how many were answered 2xx. */
export function warmFakes(warmUp: WarmUp): Promise<{ ok: number; failed: number }> {
  // TypeScript through swc, and none of this process's own flags (a --cpu-prof of the bench is not the warm-up's).
  const child = fork(__filename, [], {
    execArgv: ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as { ok: number; failed: number }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fakes' warm-up process exited (${code}) before it answered`)));
    child.send(warmUp);
  });
}

async function send(warmUp: WarmUp): Promise<{ ok: number; failed: number }> {
  const ca = readFileSync(warmUp.caFile);
  const requests = Array.from({ length: warmUp.publishes }, (_, i) =>
    bareRequest(
      warmUp.env,
      warmUp.identities[i % warmUp.identities.length],
      warmUp.tokens[i % warmUp.tokens.length],
      i,
    ),
  );
  const origins = [...new Set(requests.map((r) => r.origin))];
  const perOrigin = Math.ceil(warmUp.inFlight / origins.length / SESSION_STREAMS);
  const sessions = new Map<string, http2.ClientHttp2Session[]>();
  for (const origin of origins) sessions.set(origin, await openSessions(origin, ca, perOrigin));
  let next = 0;
  const result = { ok: 0, failed: 0 };
  await Promise.all(
    Array.from({ length: warmUp.inFlight }, async (_, lane) => {
      while (next < requests.length) {
        const request = requests[next++];
        const list = sessions.get(request.origin)!;
        const { status } = await sendBare(list[lane % list.length], request);
        if (status >= 200 && status < 300) result.ok++;
        else result.failed++;
      }
    }),
  );
  for (const list of sessions.values()) for (const session of list) session.close();
  return result;
}

if (require.main === module)
  process.once('message', (warmUp) => {
    void send(warmUp as WarmUp).then((result) => process.send!(result, () => process.exit(0)));
  });
