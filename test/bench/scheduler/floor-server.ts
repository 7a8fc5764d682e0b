// bench:floor's bare server (FLOOR_SERVER=bare), in a child process as the fakes are: node:http2 over TLS, three
// origins (as Facebook, LinkedIn and X), 100 streams per connection; it records when each request's headers arrive,
// reads its body and answers a small JSON after the fleet's log-normal latency. Nothing else: what any HTTP/2 server
// costs, to set against the fakes' own cost.
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createTlsMaterial } from '../../fakes/core/tls';
import { logNormalLatency, type FleetLatency } from '../../support/fake-fleet';

const arrivals: number[] = [];
const servers: http2.Http2SecureServer[] = [];

async function start(latency: FleetLatency): Promise<{ env: Record<string, string>; caFile: string }> {
  const tls = createTlsMaterial();
  const latencyMs = logNormalLatency(latency);
  const origins: string[] = [];
  for (let i = 0; i < 3; i++) {
    const server = http2.createSecureServer({
      key: tls.key,
      cert: tls.cert,
      settings: { maxConcurrentStreams: 100 },
    });
    server.on('stream', (stream) => {
      arrivals.push(Date.now());
      stream.on('data', () => undefined);
      stream.on('end', () => {
        setTimeout(() => {
          if (stream.destroyed) return;
          stream.respond({ ':status': 201, 'content-type': 'application/json' });
          stream.end('{"id":"1"}');
        }, latencyMs());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    origins.push(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    env: { FACEBOOK_GRAPH_URL: origins[0], LINKEDIN_API_URL: origins[1], X_API_URL: origins[2] },
    caFile: tls.caFile,
  };
}

process.on('message', (message: { op: string; latency?: FleetLatency }) => {
  if (message.op === 'start') void start(message.latency!).then((started) => process.send!(started));
  if (message.op === 'arrivals') process.send!(arrivals);
  if (message.op === 'close') {
    for (const server of servers) server.close();
    setImmediate(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
