// A faithful fake of X API v2 for posting: OAuth 2.0 with PKCE and rotating refresh tokens,
// POST /2/tweets (280 weighted characters by twitter-text), v2 media upload, read-back, problem+json
// errors and per-user rate limits reported on every answer.
import { FakeNetwork, type FakeOptions, type FakeResponse, type Route } from '../core/fake-network';
import type { ActiveFault } from '../core/faults';
import { IdSequence } from '../core/ids';
import { PostIndex, pairKey } from '../core/post-index';
import { bearerToken, type FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { registerXApiRoutes } from './x-api-routes';
import type { XChunkedUpload } from './x-media-chunked-routes';
import { registerXMentionRoutes, type XMention } from './x-mention-routes';
import { XErrors } from './x-errors';
import { registerXOAuthRoutes } from './x-oauth-routes';
import { RateLimiter, X_DEFAULT_WINDOWS, rateHeaders, type RateWindow } from './x-rate-limits';

export interface XUser {
  id: string;
  name: string;
  username: string;
}

export interface XTweet {
  id: string;
  authorId: string;
  /** The text as sent. */
  textSent: string;
  /** The text X keeps and returns: links wrapped as t.co, a t.co link appended for media. */
  text: string;
  createdAt: number;
  mediaIds: string[];
  /** `reply.in_reply_to_tweet_id`: the post this one answers. */
  inReplyToId?: string;
}

export interface XMedia {
  id: string;
  mediaKey: string;
  ownerId: string;
  bytes: Buffer;
  contentType: string;
  category: string;
  createdAt: number;
  expiresAt: number;
  altText?: string;
  /** A video from the chunked upload: X processes it after finalize (see x-media-chunked-routes.ts). */
  processing?: {
    state: 'pending' | 'in_progress' | 'succeeded' | 'failed';
    statusReads: number;
    error?: string;
  };
}

export interface XFakeOptions extends FakeOptions {
  clientId?: string;
  /** Confidential client secret (HTTP Basic at the token endpoint); null makes it a public client. */
  clientSecret?: string | null;
  redirectUris?: string[];
  users?: XUser[];
  /** The user who is "signed in" at the authorization page. */
  loginAs?: string;
  /** Per-user, per-endpoint windows, e.g. { 'POST /2/tweets': { limit: 3, windowSeconds: 900 } }. */
  rateLimits?: Partial<Record<string, RateWindow>>;
  /** Per-user 24-hour cap on POST /2/tweets (x-user-limit-24hour-* headers). */
  userDailyPostLimit?: number;
}

export const X_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'offline.access',
  'media.write',
  'tweet.moderate.write',
  'follows.read',
  'like.read',
  'like.write',
];
export const X_DEFAULT_USER: XUser = {
  id: '1600000000000000001',
  name: 'Smile Dental Studio',
  username: 'smiledentalstudio',
};
const ACCESS_SECONDS = 7200;

export class XFake extends FakeNetwork {
  readonly network = 'x' as const;
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly redirectUris?: string[];
  readonly users: Map<string, XUser>;
  readonly loginAs: string;
  readonly limiter: RateLimiter;
  readonly userDailyPostLimit: number;
  tweets: XTweet[] = [];
  /** Posts by others that mention or answer our accounts. */
  mentions: XMention[] = [];
  media = new Map<string, XMedia>();
  /** Chunked uploads between initialize and finalize. */
  chunked = new Map<string, XChunkedUpload>();
  /** STATUS reads that answer in_progress before a video's processing ends (0: the first read ends it). */
  videoProcessingReads = 0;
  readonly tweetIds = new IdSequence(1_860_000_000_000_000_000n);
  readonly mediaIds = new IdSequence(1_870_000_000_000_000_000n);
  private readonly index = new PostIndex<XTweet, 'author' | 'text'>({
    id: (t) => t.id,
    time: (t) => t.createdAt,
    keys: { author: (t) => t.authorId, text: (t) => pairKey(t.authorId, t.textSent) },
  });

  constructor(options: XFakeOptions = {}) {
    super(options);
    this.clientId = options.clientId ?? 'ZmFrZS14LWNsaWVudC1pZA';
    this.clientSecret = options.clientSecret === undefined ? 'fake-x-client-secret' : options.clientSecret;
    this.redirectUris = options.redirectUris;
    this.users = new Map((options.users ?? [X_DEFAULT_USER]).map((u) => [u.id, u]));
    this.loginAs = options.loginAs ?? [...this.users.keys()][0];
    this.limiter = new RateLimiter(this.now, {
      ...X_DEFAULT_WINDOWS,
      ...(options.rateLimits as Record<string, RateWindow> | undefined),
    });
    this.userDailyPostLimit = options.userDailyPostLimit ?? 100;
    registerXOAuthRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerXApiRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerXMentionRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
  }

  /** Someone mentions (or, with inReplyToId, answers) the user; returns the post as X stores it. */
  addMention(
    mentionedUserId: string,
    mention: { text: string; author?: XMention['author']; inReplyToId?: string; createdAt?: number },
  ): XMention {
    const id = this.tweetIds.take();
    const parent = mention.inReplyToId
      ? (this.tweets.find((t) => t.id === mention.inReplyToId) ??
        this.mentions.find((m) => m.id === mention.inReplyToId))
      : undefined;
    const created: XMention = {
      id,
      mentionedUserId,
      author: mention.author ?? { id: '1790000000000000777', name: 'Sam Poster', username: 'sam_posts' },
      text: mention.text,
      createdAt: mention.createdAt ?? this.nowMs(),
      inReplyToId: mention.inReplyToId,
      conversationId: parent ? ('conversationId' in parent ? parent.conversationId : parent.id) : id,
      hidden: false,
    };
    this.mentions.push(created);
    return created;
  }

  posts(): XTweet[] {
    return this.tweets.map((t) => ({ ...t }));
  }

  /** Lookups over `tweets`, caught up with whatever was appended to it. */
  get lookup(): PostIndex<XTweet, 'author' | 'text'> {
    return this.index.over(this.tweets);
  }

  /** Whether this user posted exactly this text after `after` (X's duplicate check). */
  postedSince(userId: string, text: string, after: number): boolean {
    return this.lookup.newerThan('text', pairKey(userId, text), after).count > 0;
  }

  /** Pre-issues an access + refresh token for a user (default: the signed-in one). */
  issueTestToken(options: Record<string, unknown> = {}): { accessToken: string; refreshToken: string; userId: string } {
    const userId = typeof options.userId === 'string' ? options.userId : this.loginAs;
    const scopes = Array.isArray(options.scopes)
      ? (options.scopes as string[])
      : ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];
    const ttl = typeof options.expiresInSeconds === 'number' ? options.expiresInSeconds : ACCESS_SECONDS;
    const pair = this.issueTokenPair(userId, scopes, ttl);
    return { accessToken: pair.access.value, refreshToken: pair.refresh?.value ?? '', userId };
  }

  issueTokenPair(
    userId: string,
    scopes: string[],
    accessSeconds = ACCESS_SECONDS,
  ): { access: TokenRecord; refresh?: TokenRecord } {
    const access = this.tokens.issue('access', {
      subject: userId,
      scopes,
      clientId: this.clientId,
      ttlSeconds: accessSeconds,
      prefix: 'X2A',
    });
    const refresh = scopes.includes('offline.access')
      ? this.tokens.issue('refresh', {
          subject: userId,
          scopes,
          clientId: this.clientId,
          ttlSeconds: 180 * 24 * 3600,
          prefix: 'X2R',
        })
      : undefined;
    return { access, refresh };
  }

  /** A user-context bearer token the fake issued, or the 401 X sends. */
  authenticate(req: FakeRequest): TokenRecord | FakeResponse {
    const check = this.tokens.check(bearerToken(req), 'access');
    return check.ok ? check.record : XErrors.unauthorized();
  }

  /** Today's POST /2/tweets count for the x-user-limit-24hour-* headers. */
  dailyState(userId: string): { limit: number; remaining: number; reset: number } {
    const dayAgo = this.now() - 24 * 3600_000;
    const today = this.lookup.newerThan('author', userId, dayAgo);
    const reset = Math.ceil(((today.first?.createdAt ?? this.now()) + 24 * 3600_000) / 1000);
    return { limit: this.userDailyPostLimit, remaining: Math.max(0, this.userDailyPostLimit - today.count), reset };
  }

  protected resetState(): void {
    this.tweets = [];
    this.mentions = [];
    this.media = new Map();
    this.chunked = new Map();
    this.videoProcessingReads = 0;
    this.index.clear();
    this.limiter.clear();
  }

  protected notFound(req: FakeRequest): FakeResponse {
    if (req.path.startsWith('/1.1/')) return XErrors.v11Gone();
    return XErrors.notFound(req.path);
  }

  protected decorate(_req: FakeRequest, _route: Route | undefined, response: FakeResponse): void {
    const headers = (response.headers ??= {});
    headers['x-transaction-id'] ??= Math.random().toString(16).slice(2, 18);
    headers['api-version'] ??= '2.150';
  }

  protected faultResponse(fault: ActiveFault, req: FakeRequest): FakeResponse | undefined {
    switch (fault.kind) {
      case 'expired_token':
      case 'revoked_token':
        return XErrors.unauthorized();
      case 'rate_limited': {
        const reset = Math.ceil(this.now() / 1000) + (fault.retryAfterSeconds ?? 900);
        return XErrors.tooManyRequests(rateHeaders({ limit: 100, remaining: 0, reset }));
      }
      case 'duplicate':
        return XErrors.duplicate();
      case 'server_error':
        return XErrors.serverError(fault.status ?? 503);
      case 'permission_denied':
        return XErrors.forbidden(fault.message);
      case 'rejected_content':
        return fault.message ? XErrors.forbidden(fault.message) : XErrors.tooLong();
      case 'missing_id':
        return { status: 201, json: { data: {} } };
      case 'version_retired':
        return XErrors.notFound(req.path);
      case 'slow':
      case 'accept_then_hang':
      case 'accept_then_reset':
      case 'connection_reset':
      case 'media_error': // acted on by the container route (Instagram), a no-op elsewhere
      case 'container_expired':
        return undefined;
    }
  }
}
