// bench:floor — the physical floor of lateness at the fake on this machine: a fleet's burst (3,000 publishes due at
// one instant: Facebook feed posts, LinkedIn posts and X tweets in turn, the same requests our clients send) fired
// by node:http2 alone (none of our clients) on sessions opened beforehand, to the fleet fakes in their child process
// (TLS, log-normal latency). What it prints against the ceiling's figures (our clients, same fakes) separates our
// clients' cost from the fakes'; FLOOR_SERVER=bare answers with a bare node:http2 server instead of the fakes, which
// separates the fakes' own cost from what any HTTP/2 server costs. Prints one JSON line:
//   npm run -s bench:floor
//   TARGETS (3000) SLICE (64: requests made per turn of the event loop, as the worker's launcher releases them;
//   0 = all in one turn) FLOOR_SERVER (fakes | bare) FAKES_NODE_ARGS (node flags of the fakes' process, e.g. --cpu-prof)
//   FLOOR_CLIENT (http2 | transport: through our HttpTransport, none of the network clients)
import { fork } from 'node:child_process';
import * as http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import type { FleetIdentity, FleetToken } from '../../support/fake-fleet';
import { fakesExecArgv } from '../../support/fleet-fakes';
import { processCpuMs } from './cpu';

export interface Floor {
  /** When each publish reached the server, minus the instant (ms, sorted). */
  arrivals: number[];
  /** When each request was handed to its session, minus the instant (ms, sorted): this process's own spread. */
  made: number[];
  /** CPU of this process (the bare client) per request, from the instant to the last answer (µs). */
  clientCpuUsPerPost: number;
  /** CPU of the server's process per request over the same span (µs). */
  serverCpuUsPerPost: number;
  errors: number;
}

/** The server side: where the requests go and how to read what it saw. */
export interface FloorServer {
  env: Record<string, string>;
  caFile: string;
  pid: number;
  publishArrivals(): Promise<number[]>;
}

export interface BareRequest {
  origin: string;
  headers: http2.OutgoingHttpHeaders;
  body: string;
}

/** Streams a fake allows per connection. */
export const SESSION_STREAMS = 100;

/** The request our client sends for this account (same path, query, headers and body), built by hand. */
export function bareRequest(
  env: Record<string, string>,
  identity: FleetIdentity,
  token: FleetToken,
  i: number,
): BareRequest {
  const text = `Floor post ${i}: flu shots are available this week, ask at the front desk.`;
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  switch (identity.network) {
    case 'facebook': {
      const path = `/${FacebookAdsApi.VERSION}/${identity.externalId}/feed?access_token=${encodeURIComponent(token.accessToken)}`;
      const body = JSON.stringify({ message: text, id: identity.externalId });
      return { origin: env.FACEBOOK_GRAPH_URL, headers: { ':method': 'POST', ':path': path, ...json }, body };
    }
    case 'linkedin': {
      const body = JSON.stringify({
        author: `urn:li:organization:${identity.externalId}`,
        commentary: text,
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      });
      const headers = {
        ':method': 'POST',
        ':path': '/rest/posts',
        ...json,
        authorization: `Bearer ${token.accessToken}`,
        'linkedin-version': process.env.LINKEDIN_VERSION || '202611',
        'x-restli-protocol-version': '2.0.0',
      };
      return { origin: env.LINKEDIN_API_URL, headers, body };
    }
    case 'x': {
      const headers = {
        ':method': 'POST',
        ':path': '/2/tweets',
        ...json,
        authorization: `Bearer ${token.accessToken}`,
      };
      return { origin: env.X_API_URL, headers, body: JSON.stringify({ text }) };
    }
    case 'instagram':
    case 'google_business':
      throw new Error(`bench:floor sends to facebook, linkedin and x only, not ${identity.network}`);
  }
}

/** Opens `count` sessions to `origin` and waits for each one's settings (its stream limit), as a warmed client has. */
export async function openSessions(origin: string, ca: Buffer, count: number): Promise<http2.ClientHttp2Session[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<http2.ClientHttp2Session>((resolve, reject) => {
          const session = http2.connect(origin, { ca });
          session.once('remoteSettings', () => resolve(session));
          session.once('error', reject);
        }),
    ),
  );
}

/**
 * Fires `targets` publishes at `at` (epoch ms) on sessions opened beforehand (a session per 100 streams, the
 * servers' limit), `slice` per turn of the event loop (0: all in one), and waits for every answer.
 */
export async function measureFloor(options: {
  server: FloorServer;
  identities: FleetIdentity[];
  tokens: FleetToken[];
  targets: number;
  at: number;
  slice: number;
  /** http2: node:http2 alone; transport: our HttpTransport (sessions, timeouts, answers), none of the clients. */
  via?: 'http2' | 'transport';
}): Promise<Floor> {
  const { server, identities, tokens, at } = options;
  const ca = readFileSync(server.caFile);
  const requests = Array.from({ length: options.targets }, (_, i) =>
    bareRequest(server.env, identities[i % identities.length], tokens[i % identities.length], i),
  );
  if (options.via === 'transport') return throughTransport(options, requests, ca);
  const perOrigin = new Map<string, number>();
  for (const request of requests) perOrigin.set(request.origin, (perOrigin.get(request.origin) ?? 0) + 1);
  const sessions = new Map<string, http2.ClientHttp2Session[]>();
  await Promise.all(
    [...perOrigin].map(async ([origin, n]) =>
      sessions.set(origin, await openSessions(origin, ca, Math.ceil(n / SESSION_STREAMS))),
    ),
  );
  const used = new Map<string, number>();
  const sessionFor = (origin: string) => {
    const n = used.get(origin) ?? 0;
    used.set(origin, n + 1);
    const list = sessions.get(origin)!;
    return list[Math.floor(n / SESSION_STREAMS) % list.length];
  };

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  const cpu0 = process.cpuUsage();
  const server0 = processCpuMs(server.pid);
  const made: number[] = [];
  let errors = 0;
  const answers: Array<Promise<void>> = [];
  const send = (request: BareRequest): Promise<void> => {
    const answered = sendBare(sessionFor(request.origin), request);
    made.push(Date.now() - at);
    return answered.then(({ status, errored }) => {
      if (status >= 300) errors++;
      if (errored) errors++;
    });
  };
  await releaseInSlices(requests, options.slice, (request) => answers.push(send(request)));
  await Promise.all(answers);
  const spent = cpuSince(cpu0, server, server0);
  for (const list of sessions.values()) for (const session of list) session.close();
  return floorOf(server, at, requests.length, made, errors, spent);
}

/**
 * One request on `session` with its body; resolves once its stream closes, with the answer's status (0: none came)
 * and whether the stream failed.
 */
export function sendBare(
  session: http2.ClientHttp2Session,
  request: BareRequest,
): Promise<{ status: number; errored: boolean }> {
  return new Promise((resolve) => {
    const stream = session.request(request.headers);
    let status = 0;
    let errored = false;
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', () => undefined);
    stream.on('close', () => resolve({ status, errored }));
    stream.on('error', () => (errored = true));
    stream.end(request.body);
  });
}

/** Fires `requests`, `slice` per turn of the event loop (0: all in one), as the worker's launcher releases them. */
function releaseInSlices<T>(requests: readonly T[], slice: number, fire: (request: T) => void): Promise<void> {
  const size = slice > 0 ? slice : requests.length;
  return new Promise<void>((released) => {
    const release = (from: number): void => {
      for (const request of requests.slice(from, from + size)) fire(request);
      if (from + size < requests.length) setImmediate(() => release(from + size));
      else released();
    };
    release(0);
  });
}

/** CPU this process and the server's process spent since the burst began. */
function cpuSince(cpu0: NodeJS.CpuUsage, server: FloorServer, server0: number): { clientUs: number; serverMs: number } {
  const cpu = process.cpuUsage(cpu0);
  return { clientUs: cpu.user + cpu.system, serverMs: processCpuMs(server.pid) - server0 };
}

async function floorOf(
  server: FloorServer,
  at: number,
  count: number,
  made: number[],
  errors: number,
  spent: { clientUs: number; serverMs: number },
): Promise<Floor> {
  return {
    arrivals: (await server.publishArrivals()).map((t) => t - at).sort((a, b) => a - b),
    made: made.sort((a, b) => a - b),
    clientCpuUsPerPost: Math.round(spent.clientUs / count),
    serverCpuUsPerPost: Math.round((spent.serverMs * 1000) / count),
    errors,
  };
}

/** The same burst through our HttpTransport, warmed as the worker warms it: what the transport adds to node:http2. */
async function throughTransport(
  options: { server: FloorServer; at: number; slice: number },
  requests: BareRequest[],
  ca: Buffer,
): Promise<Floor> {
  const { HttpTransport } = await import('@app/publishing');
  const { server, at } = options;
  const transport = new HttpTransport({ ca, timeoutMs: 30_000 });
  const perOrigin = new Map<string, number>();
  for (const request of requests) perOrigin.set(request.origin, (perOrigin.get(request.origin) ?? 0) + 1);
  await Promise.all([...perOrigin].map(([origin, n]) => transport.warm(origin, n)));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  const cpu0 = process.cpuUsage();
  const server0 = processCpuMs(server.pid);
  const made: number[] = [];
  let errors = 0;
  const answers: Array<Promise<unknown>> = [];
  await releaseInSlices(requests, options.slice, ({ origin, headers, body }) => {
    const plain: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (!name.startsWith(':')) plain[name] = String(value);
    answers.push(
      transport.request({ method: 'POST', url: `${origin}${String(headers[':path'])}`, headers: plain, body }).then(
        (response) => response.status < 300 || errors++,
        () => errors++,
      ),
    );
    made.push(Date.now() - at);
  });
  await Promise.all(answers);
  const spent = cpuSince(cpu0, server, server0);
  transport.close();
  return floorOf(server, at, requests.length, made, errors, spent);
}

/** A bare node:http2 server in a child process (floor-server.ts): records arrivals, answers after the latency. */
async function startBareServer(latency: { medianMs: number; p99Ms: number }): Promise<FloorServer & { close(): void }> {
  const child = fork(join(__dirname, 'floor-server.ts'), [], {
    execArgv: fakesExecArgv(),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = <T>(message: Record<string, unknown>): Promise<T> =>
    new Promise((resolve) => {
      child.once('message', (reply) => resolve(reply as T));
      child.send(message);
    });
  const started = await ask<{ env: Record<string, string>; caFile: string }>({ op: 'start', latency });
  return {
    ...started,
    pid: child.pid!,
    publishArrivals: () => ask<number[]>({ op: 'arrivals' }),
    close: () => child.send({ op: 'close' }),
  };
}

const percentile = (sorted: number[], q: number): number =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]) : NaN;

/** The floor's fields for a JSON line, named with `prefix`. */
export function floorFields(floor: Floor, prefix = 'floor_'): Record<string, number> {
  return {
    [`${prefix}lateness_at_fake_p50_ms`]: percentile(floor.arrivals, 0.5),
    [`${prefix}lateness_at_fake_p99_ms`]: percentile(floor.arrivals, 0.99),
    [`${prefix}made_p99_ms`]: percentile(floor.made, 0.99),
    [`${prefix}client_cpu_ms_per_post`]: floor.clientCpuUsPerPost / 1000,
    [`${prefix}fakes_cpu_ms_per_post`]: floor.serverCpuUsPerPost / 1000,
    [`${prefix}errors`]: floor.errors,
  };
}

async function main(): Promise<void> {
  const { fleetIdentities } = await import('../../support/fake-fleet');
  const { startFleetFakes } = await import('../../support/fleet-fakes');
  const targets = Number(process.env.TARGETS || 3000);
  const slice = Number(process.env.SLICE ?? 64);
  const bare = process.env.FLOOR_SERVER === 'bare';
  const latency = { medianMs: 300, p99Ms: 1500 };
  const identities = fleetIdentities(targets);
  const loadAtStart = loadavg()[0];
  let server: FloorServer;
  let tokens: FleetToken[];
  let close: () => Promise<void> | void;
  if (bare) {
    const bareServer = await startBareServer(latency);
    server = bareServer;
    tokens = identities.map((i) => ({ accessToken: `bare-${i.externalId}` }));
    close = () => bareServer.close();
  } else {
    const fakes = await startFleetFakes({ identities, unlimited: true, where: 'child', latency });
    tokens = await fakes.issueTokens(identities);
    const pid = 'pid' in fakes ? (fakes.pid as number) : process.pid;
    server = { env: fakes.env, caFile: fakes.caFile, pid, publishArrivals: () => fakes.publishArrivals() };
    close = () => fakes.close();
  }
  const via = process.env.FLOOR_CLIENT === 'transport' ? 'transport' : 'http2';
  const floor = await measureFloor({ server, identities, tokens, targets, at: Date.now() + 2000, slice, via });
  await close();
  process.stdout.write(
    JSON.stringify({
      targets,
      slice,
      client: via === 'transport' ? 'our HttpTransport (no network clients)' : 'node:http2 alone',
      server: bare ? 'bare node:http2 (floor-server.ts)' : 'fleet fakes (child process)',
      fake_latency: 'log-normal, median 300 ms, p99 1500 ms',
      ...floorFields(floor),
      loadavg_1m_start: Math.round(loadAtStart * 100) / 100,
      loadavg_1m: Math.round(loadavg()[0] * 100) / 100,
    }) + '\n',
  );
  process.exit(0);
}

if (require.main === module) void main();
