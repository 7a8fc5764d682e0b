// Starts the three network fakes (HTTPS with a fresh certificate by default) on 127.0.0.1.
import { createTlsMaterial, type TlsMaterial } from './core/tls';
import { FacebookFake, type FacebookFakeOptions } from './facebook/facebook-fake';
import { LinkedInFake, type LinkedInFakeOptions } from './linkedin/linkedin-fake';
import { XFake, type XFakeOptions } from './x/x-fake';

export { FAULT_KINDS, type FaultKind, type FaultSpec } from './core/faults';
export type { FakeNetwork, LoggedRequest } from './core/fake-network';
export { FacebookFake, type FacebookFakeOptions, type FacebookPost } from './facebook/facebook-fake';
export { feedWebhook, type FacebookComment } from './facebook/facebook-comment-routes';
export { LinkedInFake, type LinkedInFakeOptions, type LinkedInPost } from './linkedin/linkedin-fake';
export { parseCommentary } from './linkedin/little-text';
export { XFake, type XFakeOptions, type XTweet } from './x/x-fake';
export type { XMention } from './x/x-mention-routes';

export interface StartFakesOptions {
  /** HTTPS with a generated certificate (default), or plain HTTP. */
  tls?: boolean;
  host?: string;
  /** Fixed ports (default 0: any free port). */
  ports?: { facebook?: number; linkedin?: number; x?: number };
  facebook?: FacebookFakeOptions;
  linkedin?: LinkedInFakeOptions;
  x?: XFakeOptions;
}

export interface RunningFakes {
  facebook: FacebookFake;
  linkedin: LinkedInFake;
  x: XFake;
  /** The certificate to trust (HTTPS mode). */
  caPem?: string;
  /** caPem on disk, for NODE_EXTRA_CA_CERTS in another process. */
  caFile?: string;
  /** Environment that points the app at the fakes. */
  env: Record<string, string>;
  /** Clears posts, faults and request logs of all three. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakes(options: StartFakesOptions = {}): Promise<RunningFakes> {
  const tls: TlsMaterial | undefined = options.tls === false ? undefined : createTlsMaterial();
  const facebook = new FacebookFake(options.facebook);
  const linkedin = new LinkedInFake(options.linkedin);
  const x = new XFake(options.x);
  const listen = { host: options.host ?? '127.0.0.1', tls: tls ?? (false as const) };
  try {
    await facebook.listen({ ...listen, port: options.ports?.facebook ?? 0 });
    await linkedin.listen({ ...listen, port: options.ports?.linkedin ?? 0 });
    await x.listen({ ...listen, port: options.ports?.x ?? 0 });
  } catch (error) {
    await Promise.all([facebook.close(), linkedin.close(), x.close()]);
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
    // The app trusts the fakes' certificate through NETWORK_CA_FILE (or NODE_EXTRA_CA_CERTS at process start).
    ...(tls ? { NETWORK_CA_FILE: tls.caFile, NODE_EXTRA_CA_CERTS: tls.caFile } : {}),
  };
  return {
    facebook,
    linkedin,
    x,
    caPem: tls?.caPem,
    caFile: tls?.caFile,
    env,
    reset: () => [facebook, linkedin, x].forEach((fake) => fake.reset()),
    close: async () => {
      await Promise.all([facebook.close(), linkedin.close(), x.close()]);
      tls?.dispose();
    },
  };
}
