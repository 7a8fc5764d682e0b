// How fast can the network clients alone publish to the fakes (no database, no Bull)? The physical ceiling
// of bench:scheduler on this machine. Prints JSON.  TARGETS (6000) CONCURRENCY (50)
import { loadavg } from 'node:os';

async function main(): Promise<void> {
  const { NetworkClients } = await import('@app/publishing');
  const { fleetIdentities } = await import('../../support/fake-fleet');
  const { startFleetFakes } = await import('../../support/fleet-fakes');
  const TARGETS = Number(process.env.TARGETS || 6000);
  const CONCURRENCY = Number(process.env.CONCURRENCY || 50);
  const identities = fleetIdentities(99);
  const fakes = await startFleetFakes({ identities, unlimited: true, where: 'child' });
  const tokens = await fakes.issueTokens(identities);
  const env = fakes.env;
  const clients = new NetworkClients({
    ...env,
    NETWORK_TIMEOUT_MS: 30000,
    NETWORK_CA_FILE: fakes.caFile,
    PUBLIC_URL: 'http://localhost:3000',
    LINKEDIN_VERSION: process.env.LINKEDIN_VERSION || '202611',
  } as never);
  let next = 0;
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TARGETS) {
        const i = next++;
        const identity = identities[i % identities.length];
        const token = tokens[i % identities.length];
        await clients.client(identity.network).publish(
          {
            accessToken: token.accessToken,
            refreshToken: token.refreshToken,
            externalAccountId: identity.externalId,
          },
          { text: `Ceiling post ${i}: flu shots are available this week, ask at the front desk.` },
        );
      }
    }),
  );
  const ms = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await fakes.close();
  process.stdout.write(
    JSON.stringify({
      targets: TARGETS,
      concurrency: CONCURRENCY,
      per_s: Math.round((TARGETS / ms) * 1000),
      client_cpu_us_per_post: Math.round((cpu.user + cpu.system) / TARGETS),
      loadavg_1m: loadavg()[0],
    }) + '\n',
  );
  process.exit(0);
}
void main();
