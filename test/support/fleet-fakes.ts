// The network fakes for a fleet of accounts, either in this process or in a child process of their own
// (so a load run's fakes do not share an event loop with whatever measures it). Same interface both ways.
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { startFakes, type FaultSpec, type RunningFakes } from '../fakes';
import {
  fakePostViews,
  fleetFakeOptions,
  issueFleetToken,
  type FakePostView,
  type FleetIdentity,
  type FleetLatency,
  type FleetNetwork,
  type FleetToken,
} from './fake-fleet';

export interface FleetFakesOptions {
  identities: FleetIdentity[];
  /** Raise the fakes' per-account limits out of the way (load runs). */
  unlimited: boolean;
  /** Answer after a realistic latency (default: at once). */
  latency?: FleetLatency;
}

export interface FleetFakes {
  /** Points the app at the fakes (URLs, OAuth settings, NODE_EXTRA_CA_CERTS). */
  readonly env: Record<string, string>;
  /** The fakes' CA certificate on disk, for NETWORK_CA_FILE. */
  readonly caFile: string;
  issueTokens(identities: FleetIdentity[]): Promise<FleetToken[]>;
  posts(): Promise<FakePostView[]>;
  /** When each publish request arrived at a fake (ms), whatever it answered. */
  publishArrivals(): Promise<number[]>;
  fail(network: FleetNetwork, spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** The token stops working now (the network answers 401 / Graph #190). */
  expireToken(network: FleetNetwork, accessToken: string): Promise<void>;
  /** Forgets posts, faults and request logs. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFleetFakes(options: FleetFakesOptions & { where: 'inproc' | 'child' }): Promise<FleetFakes> {
  return options.where === 'child' ? ChildFleetFakes.start(options) : InProcessFleetFakes.start(options);
}

export class InProcessFleetFakes implements FleetFakes {
  private constructor(readonly fakes: RunningFakes) {}

  static async start(options: FleetFakesOptions): Promise<InProcessFleetFakes> {
    return new InProcessFleetFakes(
      await startFakes(
        fleetFakeOptions(options.identities, { unlimited: options.unlimited, latency: options.latency }),
      ),
    );
  }

  get env(): Record<string, string> {
    return this.fakes.env;
  }

  get caFile(): string {
    return this.fakes.caFile!;
  }

  async issueTokens(identities: FleetIdentity[]): Promise<FleetToken[]> {
    return identities.map((identity) => issueFleetToken(this.fakes, identity));
  }

  async posts(): Promise<FakePostView[]> {
    return fakePostViews(this.fakes);
  }

  async publishArrivals(): Promise<number[]> {
    return (['facebook', 'linkedin', 'x'] as const).flatMap((network) =>
      this.fakes[network].requests.filter((r) => r.operation === 'publish').map((r) => Date.parse(r.at)),
    );
  }

  async fail(network: FleetNetwork, spec: FaultSpec): Promise<void> {
    this.fakeOf(network).fail(spec);
  }

  async clearFaults(): Promise<void> {
    for (const network of ['facebook', 'linkedin', 'x', 'google'] as const) this.fakes[network].clearFaults();
  }

  async expireToken(network: FleetNetwork, accessToken: string): Promise<void> {
    if (!this.fakeOf(network).tokens.expire(accessToken))
      throw new Error(`the ${network} fake does not know that token`);
  }

  async reset(): Promise<void> {
    this.fakes.reset();
  }

  /** Instagram is served by the Facebook fake (the same Graph origin); Google Business by the Google one. */
  private fakeOf(network: FleetNetwork) {
    if (network === 'instagram') return this.fakes.facebook;
    if (network === 'google_business') return this.fakes.google;
    return this.fakes[network];
  }

  async close(): Promise<void> {
    await this.fakes.close();
  }
}

type Request =
  | { op: 'start'; options: FleetFakesOptions }
  | { op: 'issueTokens'; identities: FleetIdentity[] }
  | { op: 'posts' }
  | { op: 'publishArrivals' }
  | { op: 'fail'; network: FleetNetwork; spec: FaultSpec }
  | { op: 'clearFaults' }
  | { op: 'expireToken'; network: FleetNetwork; accessToken: string }
  | { op: 'reset' }
  | { op: 'close' };

export type FleetFakesRequest = Request & { id: number };
export type FleetFakesReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

const CHILD_MAIN = join(__dirname, 'fleet-fakes-child.ts');

export class ChildFleetFakes implements FleetFakes {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  env: Record<string, string> = {};
  caFile = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: FleetFakesReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
    child.once('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the fakes process exited (${code})`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: FleetFakesOptions): Promise<ChildFleetFakes> {
    const child = fork(CHILD_MAIN, [], {
      execArgv: fakesExecArgv(),
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const fakes = new ChildFleetFakes(child);
    try {
      const started = (await fakes.call({ op: 'start', options })) as { env: Record<string, string>; caFile: string };
      fakes.env = started.env;
      fakes.caFile = started.caFile;
      return fakes;
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async issueTokens(identities: FleetIdentity[]): Promise<FleetToken[]> {
    return (await this.call({ op: 'issueTokens', identities })) as FleetToken[];
  }

  async posts(): Promise<FakePostView[]> {
    return (await this.call({ op: 'posts' })) as FakePostView[];
  }

  async publishArrivals(): Promise<number[]> {
    return (await this.call({ op: 'publishArrivals' })) as number[];
  }

  async fail(network: FleetNetwork, spec: FaultSpec): Promise<void> {
    await this.call({ op: 'fail', network, spec });
  }

  async clearFaults(): Promise<void> {
    await this.call({ op: 'clearFaults' });
  }

  async expireToken(network: FleetNetwork, accessToken: string): Promise<void> {
    await this.call({ op: 'expireToken', network, accessToken });
  }

  async reset(): Promise<void> {
    await this.call({ op: 'reset' });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ op: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  private call(request: Request): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...request, id } satisfies FleetFakesRequest, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        reject(error);
      });
    });
  }
}

/** Node flags of a fakes process (the fleet's, or bench:floor's bare server): TypeScript through swc, plus FAKES_NODE_ARGS. */
export function fakesExecArgv(): string[] {
  return [
    '-r',
    '@swc-node/register',
    '-r',
    'tsconfig-paths/register',
    ...(process.env.FAKES_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  ];
}
