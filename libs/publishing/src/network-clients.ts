// Builds one client (and OAuth helper) per network from the validated configuration (never the environment).
import { readFileSync } from 'node:fs';
import { ratioOf, type ResolvedConfig } from '@app/core';
import { FacebookClient } from './clients/facebook/facebook-client';
import { FacebookOAuth } from './clients/facebook/facebook-oauth';
import { HttpTransport } from './clients/http/http-transport';
import { LinkedInClient } from './clients/linkedin/linkedin-client';
import { LinkedInOAuth } from './clients/linkedin/linkedin-oauth';
import { NetworkClient } from './clients/network-client';
import { XClient } from './clients/x/x-client';
import { XOAuth } from './clients/x/x-oauth';
import { GoogleBusinessClient } from './clients/google/google-client';
import { GoogleOAuth } from './clients/google/google-oauth';
import { InstagramClient } from './clients/instagram/instagram-client';
import { applyImageRules, applyNetworkSettings, applyVideoRules, Network } from './errors/network';
import { applyPublicOrigin } from './clients/media-url';

export const NETWORK_CLIENTS = Symbol('NETWORK_CLIENTS');

export interface NetworkOAuth {
  facebook?: FacebookOAuth;
  linkedin?: LinkedInOAuth;
  x?: XOAuth;
  google_business?: GoogleOAuth;
}

export class NetworkClients {
  readonly oauth: NetworkOAuth;
  private readonly clients: Record<Network, NetworkClient>;
  private readonly transport: HttpTransport;
  /** Where each network's publish requests go (Instagram through the Graph API). */
  private readonly origins: Record<Network, string>;

  private readonly overridden: Set<Network>;

  constructor(config: ResolvedConfig, overrides: Partial<Record<Network, NetworkClient>> = {}) {
    this.overridden = new Set(Object.keys(overrides) as Network[]);
    applyNetworkSettings({
      captionLimit: config.INSTAGRAM_CAPTION_LIMIT,
      hashtagLimit: config.INSTAGRAM_HASHTAG_LIMIT,
      mentionLimit: config.INSTAGRAM_MENTION_LIMIT,
    });
    applyImageRules({
      instagramMinAspect: ratioOf(config.INSTAGRAM_MIN_ASPECT_RATIO),
      instagramMaxAspect: ratioOf(config.INSTAGRAM_MAX_ASPECT_RATIO),
      googleMinSidePx: config.GOOGLE_PHOTO_MIN_SIDE_PX,
      googleMinBytes: config.GOOGLE_PHOTO_MIN_KB * 1024,
      googleMaxBytes: config.GOOGLE_PHOTO_MAX_KB * 1024,
      linkedinMaxPixels: config.LINKEDIN_IMAGE_MAX_PIXELS,
    });
    const MB = 1024 * 1024;
    applyVideoRules({
      instagram: {
        minSeconds: config.INSTAGRAM_VIDEO_MIN_SECONDS,
        maxSeconds: config.INSTAGRAM_VIDEO_MAX_SECONDS,
        maxBytes: config.INSTAGRAM_VIDEO_MAX_MB * MB,
        minAspect: ratioOf(config.INSTAGRAM_VIDEO_MIN_ASPECT_RATIO),
        maxAspect: ratioOf(config.INSTAGRAM_VIDEO_MAX_ASPECT_RATIO),
        maxWidthPx: config.INSTAGRAM_VIDEO_MAX_WIDTH_PX,
        minFps: config.INSTAGRAM_VIDEO_MIN_FPS,
        maxFps: config.INSTAGRAM_VIDEO_MAX_FPS,
      },
      facebook: {
        minSeconds: config.FACEBOOK_VIDEO_MIN_SECONDS,
        maxSeconds: config.FACEBOOK_VIDEO_MAX_SECONDS,
        maxBytes: config.FACEBOOK_VIDEO_MAX_MB * MB,
      },
      linkedin: {
        minSeconds: config.LINKEDIN_VIDEO_MIN_SECONDS,
        maxSeconds: config.LINKEDIN_VIDEO_MAX_SECONDS,
        minBytes: config.LINKEDIN_VIDEO_MIN_KB * 1024,
        maxBytes: config.LINKEDIN_VIDEO_MAX_MB * MB,
        minAspect: ratioOf(config.LINKEDIN_VIDEO_MIN_ASPECT_RATIO),
        maxAspect: ratioOf(config.LINKEDIN_VIDEO_MAX_ASPECT_RATIO),
      },
      x: {
        minSeconds: config.X_VIDEO_MIN_SECONDS,
        maxSeconds: config.X_VIDEO_MAX_SECONDS,
        maxBytes: config.X_VIDEO_MAX_MB * MB,
        maxFps: config.X_VIDEO_MAX_FPS,
        minAspect: ratioOf(config.X_VIDEO_MIN_ASPECT_RATIO),
        maxAspect: ratioOf(config.X_VIDEO_MAX_ASPECT_RATIO),
      },
    });
    applyPublicOrigin(config.PUBLIC_URL);
    const transport = new HttpTransport({
      timeoutMs: config.NETWORK_TIMEOUT_MS,
      ca: config.NETWORK_CA_FILE ? readFileSync(config.NETWORK_CA_FILE) : undefined,
      http2: config.NETWORK_HTTP2,
    });
    this.transport = transport;
    this.origins = {
      facebook: config.FACEBOOK_GRAPH_URL,
      instagram: config.FACEBOOK_GRAPH_URL,
      linkedin: config.LINKEDIN_API_URL,
      x: config.X_API_URL,
      google_business: config.GOOGLE_BUSINESS_URL,
    };
    const callback = (network: Network) =>
      `${config.PUBLIC_URL.replace(/\/$/, '')}/api/accounts/connect/${network}/callback`;
    this.oauth = {
      facebook:
        config.FACEBOOK_APP_ID && config.FACEBOOK_APP_SECRET
          ? new FacebookOAuth({
              graphUrl: config.FACEBOOK_GRAPH_URL,
              authorizeUrl: config.FACEBOOK_OAUTH_AUTHORIZE_URL,
              appId: config.FACEBOOK_APP_ID,
              appSecret: config.FACEBOOK_APP_SECRET,
              redirectUri: callback('facebook'),
              transport,
            })
          : undefined,
      linkedin:
        config.LINKEDIN_CLIENT_ID && config.LINKEDIN_CLIENT_SECRET
          ? new LinkedInOAuth({
              authorizeUrl: config.LINKEDIN_OAUTH_AUTHORIZE_URL,
              tokenUrl: config.LINKEDIN_OAUTH_TOKEN_URL,
              clientId: config.LINKEDIN_CLIENT_ID,
              clientSecret: config.LINKEDIN_CLIENT_SECRET,
              redirectUri: callback('linkedin'),
              transport,
            })
          : undefined,
      x: config.X_CLIENT_ID
        ? new XOAuth({
            apiUrl: config.X_API_URL,
            authorizeUrl: config.X_OAUTH_AUTHORIZE_URL,
            clientId: config.X_CLIENT_ID,
            clientSecret: config.X_CLIENT_SECRET,
            redirectUri: callback('x'),
            transport,
          })
        : undefined,
      google_business:
        config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET
          ? new GoogleOAuth({
              authorizeUrl: config.GOOGLE_OAUTH_AUTHORIZE_URL,
              tokenUrl: config.GOOGLE_OAUTH_URL,
              clientId: config.GOOGLE_CLIENT_ID,
              clientSecret: config.GOOGLE_CLIENT_SECRET,
              redirectUri: callback('google_business'),
              transport,
            })
          : undefined,
    };
    this.clients = {
      facebook:
        overrides.facebook ??
        new FacebookClient({
          graphUrl: config.FACEBOOK_GRAPH_URL,
          videoUrl: facebookVideoOrigin(config),
          oauth: this.oauth.facebook,
          transport,
        }),
      linkedin:
        overrides.linkedin ??
        new LinkedInClient({
          apiUrl: config.LINKEDIN_API_URL,
          version: config.LINKEDIN_VERSION,
          oauth: this.oauth.linkedin,
          transport,
        }),
      x: overrides.x ?? new XClient({ apiUrl: config.X_API_URL, oauth: this.oauth.x, transport }),
      instagram:
        overrides.instagram ??
        new InstagramClient({ graphUrl: config.FACEBOOK_GRAPH_URL, oauth: this.oauth.facebook, transport }),
      google_business:
        overrides.google_business ??
        new GoogleBusinessClient({
          businessUrl: config.GOOGLE_BUSINESS_URL,
          accountsUrl: config.GOOGLE_ACCOUNTS_URL,
          locationsUrl: config.GOOGLE_LOCATIONS_URL,
          oauth: this.oauth.google_business,
          transport,
        }),
    };
  }

  client(network: Network): NetworkClient {
    return this.clients[network];
  }

  /**
   * Opens up to `sockets` connections to the network ahead of a burst of publishes (see HttpTransport.warm).
   * A client replaced by an override (tests) has no connections of ours to warm.
   */
  warm(network: Network, sockets: number): Promise<number> {
    return this.overridden.has(network) ? Promise.resolve(0) : this.transport.warm(this.origins[network], sockets);
  }

  /** The OAuth app that connects and renews this network's accounts (Instagram: the Facebook app). */
  oauthFor(network: Network): FacebookOAuth | LinkedInOAuth | XOAuth | GoogleOAuth | undefined {
    return network === 'instagram' ? this.oauth.facebook : this.oauth[network];
  }
}

/** Meta serves Page video uploads from graph-video.facebook.com; any other Graph origin (a proxy, a fake) serves both. */
export function facebookVideoOrigin(
  config: Pick<ResolvedConfig, 'FACEBOOK_GRAPH_URL' | 'FACEBOOK_GRAPH_VIDEO_URL'>,
): string {
  if (config.FACEBOOK_GRAPH_VIDEO_URL) return config.FACEBOOK_GRAPH_VIDEO_URL;
  const graph = new URL(config.FACEBOOK_GRAPH_URL);
  return graph.hostname === 'graph.facebook.com' ? `${graph.protocol}//graph-video.facebook.com` : graph.origin;
}
