// Starts the network fakes (Facebook with Instagram, LinkedIn, X, Google Business Profile) (HTTPS with a fresh certificate by default) on 127.0.0.1.
import { createTlsMaterial, type TlsMaterial } from './core/tls';
import { FacebookFake, type FacebookFakeOptions } from './facebook/facebook-fake';
import { LinkedInFake, type LinkedInFakeOptions } from './linkedin/linkedin-fake';
import { XFake, type XFakeOptions } from './x/x-fake';
import { GoogleBusinessFake, type GoogleFakeOptions } from './google/google-fake';

export { FAULT_KINDS, type FaultKind, type FaultSpec } from './core/faults';
export type { FakeNetwork, LoggedRequest } from './core/fake-network';
export type { MediaFetch } from './core/media';
export { FacebookFake, type FacebookFakeOptions, type FacebookPost } from './facebook/facebook-fake';
export { feedWebhook, type FacebookComment } from './facebook/facebook-comment-routes';
export { LinkedInFake, type LinkedInFakeOptions, type LinkedInPost } from './linkedin/linkedin-fake';
export { parseCommentary } from './linkedin/little-text';
export { XFake, type XFakeOptions, type XTweet } from './x/x-fake';
export {
  GOOGLE_BUSINESS_SCOPE,
  GoogleBusinessFake,
  type GoogleFakeOptions,
  type LocalPostRecord,
  type ReviewRecord,
} from './google/google-fake';
export {
  INSTAGRAM_DEFAULT_ACCOUNTS,
  type InstagramContainer,
  type InstagramFakeOptions,
  type InstagramMedia,
} from './facebook/instagram-graph';
export type { XMention } from './x/x-mention-routes';

export interface StartFakesOptions {
  /** HTTPS with a generated certificate (default), or plain HTTP. */
  tls?: boolean;
  host?: string;
  /** Fixed ports (default 0: any free port). */
  ports?: { facebook?: number; linkedin?: number; x?: number; google?: number };
  facebook?: FacebookFakeOptions;
  linkedin?: LinkedInFakeOptions;
  x?: XFakeOptions;
  google?: GoogleFakeOptions;
}

export interface RunningFakes {
  facebook: FacebookFake;
  linkedin: LinkedInFake;
  x: XFake;
  /** Google Business Profile (Instagram is served by the Facebook fake: the same Graph origin). */
  google: GoogleBusinessFake;
  /** The certificate to trust (HTTPS mode). */
  caPem?: string;
  /** caPem on disk, for NODE_EXTRA_CA_CERTS in another process. */
  caFile?: string;
  /** Environment that points the app at the fakes. */
  env: Record<string, string>;
  /** Lets every fake reach a public origin served locally (the app's PUBLIC_URL, an image host). */
  serveOrigin(publicOrigin: string, localOrigin: string): void;
  /** Clears posts, faults and request logs of all three. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakes(options: StartFakesOptions = {}): Promise<RunningFakes> {
  const tls: TlsMaterial | undefined = options.tls === false ? undefined : createTlsMaterial();
  const facebook = new FacebookFake(options.facebook);
  const linkedin = new LinkedInFake(options.linkedin);
  const x = new XFake(options.x);
  const google = new GoogleBusinessFake(options.google);
  const listen = { host: options.host ?? '127.0.0.1', tls: tls ?? (false as const) };
  try {
    await facebook.listen({ ...listen, port: options.ports?.facebook ?? 0 });
    await linkedin.listen({ ...listen, port: options.ports?.linkedin ?? 0 });
    await x.listen({ ...listen, port: options.ports?.x ?? 0 });
    await google.listen({ ...listen, port: options.ports?.google ?? 0 });
  } catch (error) {
    await Promise.all([facebook.close(), linkedin.close(), x.close(), google.close()]);
    tls?.dispose();
    throw error;
  }
  const env: Record<string, string> = {
    FACEBOOK_GRAPH_URL: facebook.url,
    FACEBOOK_OAUTH_AUTHORIZE_URL: `${facebook.url}/v24.0/dialog/oauth`,
    FACEBOOK_APP_ID: facebook.appId,
    FACEBOOK_APP_SECRET: facebook.appSecret,
    LINKEDIN_API_URL: linkedin.url,
    LINKEDIN_OAUTH_AUTHORIZE_URL: `${linkedin.url}/oauth/v2/authorization`,
    LINKEDIN_OAUTH_TOKEN_URL: `${linkedin.url}/oauth/v2/accessToken`,
    LINKEDIN_CLIENT_ID: linkedin.clientId,
    LINKEDIN_CLIENT_SECRET: linkedin.clientSecret,
    X_API_URL: x.url,
    X_OAUTH_AUTHORIZE_URL: `${x.url}/i/oauth2/authorize`,
    X_CLIENT_ID: x.clientId,
    ...(x.clientSecret ? { X_CLIENT_SECRET: x.clientSecret } : {}),
    GOOGLE_BUSINESS_URL: google.url,
    GOOGLE_ACCOUNTS_URL: google.url,
    GOOGLE_LOCATIONS_URL: google.url,
    GOOGLE_OAUTH_URL: `${google.url}/token`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${google.url}/o/oauth2/v2/auth`,
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    // The app trusts the fakes' certificate through NETWORK_CA_FILE (or NODE_EXTRA_CA_CERTS at process start).
    ...(tls ? { NETWORK_CA_FILE: tls.caFile, NODE_EXTRA_CA_CERTS: tls.caFile } : {}),
  };
  return {
    facebook,
    linkedin,
    x,
    google,
    caPem: tls?.caPem,
    caFile: tls?.caFile,
    env,
    serveOrigin: (publicOrigin, localOrigin) =>
      [facebook, linkedin, x, google].forEach((fake) => fake.serveOrigin(publicOrigin, localOrigin)),
    reset: () => [facebook, linkedin, x, google].forEach((fake) => fake.reset()),
    close: async () => {
      await Promise.all([facebook.close(), linkedin.close(), x.close(), google.close()]);
      tls?.dispose();
    },
  };
}
