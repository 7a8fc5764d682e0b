// How fast can the network clients alone publish to the fakes (no database, no queue)? The physical ceiling of
// bench:scheduler on this machine: bench:scheduler measures it in the same run, against the same fakes and
// concurrency (measureCeiling). Run alone it prints JSON:  TARGETS (6000) CONCURRENCY (50); SCENARIO=fleet: a burst of
// TARGETS (3000) publishes due at one instant, all in flight, to 3,000 accounts on fakes answering after the fleet's
// latency (with node --cpu-prof: where our clients' CPU goes).
import { loadavg, tmpdir } from 'node:os';
import type { FleetIdentity, FleetToken } from '../../support/fake-fleet';
import type { FleetFakes } from '../../support/fleet-fakes';

export interface Ceiling {
  perS: number;
  clientCpuUsPerPost: number;
  /** Publishes that failed (e.g. the fakes dropped a connection under load): not counted in perS. */
  errors: number;
}

/**
 * `targets` publishes through the real network clients, `concurrency` at a time, to the accounts in turn. With
 * `at` (epoch ms), as the workers do a burst: the connections `concurrency` requests need are opened first (each
 * network its share), and the first requests go out at that instant, RELEASE_SLICE per turn of the event loop as
 * the worker releases its held requests (all at once, none would leave before the last had been made), so the
 * fakes' arrival times show how soon the clients alone get a burst out (the floor of lateness at the fake).
 */
export async function measureCeiling(options: {
  fakes: FleetFakes;
  identities: FleetIdentity[];
  tokens: FleetToken[];
  targets: number;
  concurrency: number;
  at?: number;
}): Promise<Ceiling> {
  const { loadConfig } = await import('@app/core');
  const { NetworkClients } = await import('@app/publishing');
  const { RELEASE_SLICE } = await import('@app/scheduler');
  const { fakes, identities, tokens } = options;
  // The whole validated configuration (its defaults included), pointed at the fakes as the workers are.
  const clients = new NetworkClients(
    loadConfig({
      ...fakes.env,
      NETWORK_TIMEOUT_MS: '30000',
      NETWORK_CA_FILE: fakes.caFile,
      PUBLIC_URL: 'http://localhost:3000',
      SECRET_KEY: 'ceiling-only-secret-key-not-used-for-anything',
      DATA_DIR: tmpdir(),
      ...(process.env.LINKEDIN_VERSION ? { LINKEDIN_VERSION: process.env.LINKEDIN_VERSION } : {}),
      ...(process.env.NETWORK_HTTP2 ? { NETWORK_HTTP2: process.env.NETWORK_HTTP2 } : {}),
    }),
  );
  if (options.at !== undefined) {
    const networks = [...new Set(identities.map((i) => i.network))];
    await Promise.all(
      networks.map((network) => clients.warm(network, Math.ceil(options.concurrency / networks.length))),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.at! - Date.now())));
  }
  let next = 0;
  let errors = 0;
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  // A burst's lanes start RELEASE_SLICE per turn of the event loop: turn n resolves n setImmediates after the first.
  const turns: Array<Promise<unknown>> = [Promise.resolve()];
  const turn = (n: number): Promise<unknown> => {
    while (turns.length <= n) turns.push(turns.at(-1)!.then(() => new Promise((resolve) => setImmediate(resolve))));
    return turns[n];
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, lane) => {
      if (options.at !== undefined && lane >= RELEASE_SLICE) await turn(Math.floor(lane / RELEASE_SLICE));
      while (next < options.targets) {
        const i = next++;
        const identity = identities[i % identities.length];
        const token = tokens[i % identities.length];
        await clients
          .client(identity.network)
          .publish(
            {
              accessToken: token.accessToken,
              refreshToken: token.refreshToken,
              externalAccountId: identity.externalId,
            },
            { text: `Ceiling post ${i}: flu shots are available this week, ask at the front desk.` },
          )
          .catch(() => errors++);
      }
    }),
  );
  const ms = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    perS: Math.round(((options.targets - errors) / ms) * 1000),
    clientCpuUsPerPost: Math.round((cpu.user + cpu.system) / options.targets),
    errors,
  };
}

async function main(): Promise<void> {
  const { fleetIdentities } = await import('../../support/fake-fleet');
  const { startFleetFakes } = await import('../../support/fleet-fakes');
  const fleet = process.env.SCENARIO === 'fleet';
  const targets = Number(process.env.TARGETS || (fleet ? 3000 : 6000));
  const concurrency = Number(process.env.CONCURRENCY || (fleet ? targets : 50));
  const identities = fleetIdentities(fleet ? targets : 99);
  const latency = fleet ? { medianMs: 300, p99Ms: 1500 } : undefined;
  const fakes = await startFleetFakes({ identities, unlimited: true, where: 'child', latency });
  const tokens = await fakes.issueTokens(identities);
  // Loaded before the instant is set, as in bench:scheduler (loading them takes seconds on a busy machine).
  await Promise.all([import('@app/core'), import('@app/publishing'), import('@app/scheduler')]);
  const at = fleet ? Date.now() + 3000 : undefined;
  const ceiling = await measureCeiling({ fakes, identities, tokens, targets, concurrency, at });
  const arrivals = at ? (await fakes.publishArrivals()).map((t) => t - at).sort((a, b) => a - b) : [];
  await fakes.close();
  const percentile = (q: number) => arrivals[Math.min(arrivals.length - 1, Math.ceil(q * arrivals.length) - 1)];
  process.stdout.write(
    JSON.stringify({
      targets,
      concurrency,
      per_s: ceiling.perS,
      client_cpu_us_per_post: ceiling.clientCpuUsPerPost,
      errors: ceiling.errors,
      ...(at ? { lateness_at_fake_p50_ms: percentile(0.5), lateness_at_fake_p99_ms: percentile(0.99) } : {}),
      loadavg_1m: loadavg()[0],
    }) + '\n',
  );
  process.exit(0);
}

if (require.main === module) void main();
