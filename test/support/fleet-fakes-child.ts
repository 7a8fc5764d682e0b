// The child side of ChildFleetFakes: runs the network fakes and answers requests over the IPC channel.
import type { FleetFakesReply, FleetFakesRequest } from './fleet-fakes';
import { InProcessFleetFakes } from './fleet-fakes';

let fakes: InProcessFleetFakes | undefined;

async function handle(request: FleetFakesRequest): Promise<unknown> {
  if (request.op === 'start') {
    fakes = await InProcessFleetFakes.start(request.options);
    return { env: fakes.env, caFile: fakes.caFile };
  }
  if (!fakes) throw new Error('the fakes are not started');
  switch (request.op) {
    case 'issueTokens':
      return fakes.issueTokens(request.identities);
    case 'posts':
      return fakes.posts();
    case 'publishArrivals':
      return fakes.publishArrivals();
    case 'fail':
      return fakes.fail(request.network, request.spec);
    case 'clearFaults':
      return fakes.clearFaults();
    case 'expireToken':
      return fakes.expireToken(request.network, request.accessToken);
    case 'reset':
      return fakes.reset();
    case 'close':
      await fakes.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: FleetFakesRequest) => {
  handle(request).then(
    (value) => process.send!({ id: request.id, ok: true, value: value ?? null } satisfies FleetFakesReply),
    (error: unknown) =>
      process.send!({
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies FleetFakesReply),
  );
});
// The parent went away: do not linger.
process.on('disconnect', () => process.exit(0));
