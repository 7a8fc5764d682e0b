// `npm run fakes`: the three network fakes on fixed local ports until Ctrl-C, printing the
// environment that points the app at them and one pre-issued demo token per network.
//   FAKE_FACEBOOK_PORT / FAKE_LINKEDIN_PORT / FAKE_X_PORT / FAKE_GOOGLE_PORT (default 4101/4102/4103/4104)
//   (Instagram is served by the Facebook fake: it shares the Graph origin)
//   FAKE_HOST (default 127.0.0.1), FAKES_TLS=0 for plain HTTP
import { startFakes } from './index';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name}=${raw} is not a port number (0-65535)`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const fakes = await startFakes({
    tls: process.env.FAKES_TLS !== '0',
    host: process.env.FAKE_HOST || '127.0.0.1',
    ports: {
      facebook: port('FAKE_FACEBOOK_PORT', 4101),
      linkedin: port('FAKE_LINKEDIN_PORT', 4102),
      x: port('FAKE_X_PORT', 4103),
      google: port('FAKE_GOOGLE_PORT', 4104),
    },
  });
  const fb = fakes.facebook.issueTestToken({ kind: 'page' });
  const fbUser = fakes.facebook.issueTestToken({ kind: 'user' });
  const li = fakes.linkedin.issueTestToken();
  const x = fakes.x.issueTestToken();
  const google = fakes.google.issueTestToken();
  const instagram = [...fakes.facebook.instagram.accounts.values()][0];

  const lines = [
    '# Network fakes are running. Point the app at them with:',
    ...Object.entries(fakes.env).map(([key, value]) => `${key}=${value}`),
    '',
    '# Demo accounts (manual token entry):',
    `# facebook  page ${fb.pageId}  page token:  ${fb.accessToken}`,
    `# facebook  user ${fbUser.userId}  user token:  ${fbUser.accessToken}`,
    `# linkedin  organization ${li.organizationIds.join(',')}  access token: ${li.accessToken}  refresh token: ${li.refreshToken}`,
    `# x         user ${x.userId}  access token: ${x.accessToken}  refresh token: ${x.refreshToken}`,
    `# instagram account ${instagram.id} (@${instagram.username}), linked to page ${instagram.pageId}: use the facebook page token above`,
    `# google    locations ${google.locations.join(' ')}  access token: ${google.accessToken}  refresh token: ${google.refreshToken}`,
    '',
    '# Faults: POST <fake>/__control/faults {"kind":"rate_limited","times":2}; DELETE <fake>/__control/faults; GET <fake>/__control/posts',
    '# Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    fakes.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
