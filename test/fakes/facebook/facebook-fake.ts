// A faithful fake of the Graph API for Page publishing: Login dialog, token exchange, Page tokens,
// feed and photo publishing, feed read-back, Graph errors and Business Use Case throttling.
import { FakeNetwork, type FakeOptions, type FakeResponse, type Route } from '../core/fake-network';
import type { ActiveFault } from '../core/faults';
import { IdSequence } from '../core/ids';
import { PostIndex, TimeIndex, pairKey } from '../core/post-index';
import { bearerToken, type FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GraphErrors, RATE_LIMIT_MESSAGES, graphError } from './facebook-errors';
import { registerCommentRoutes, type FacebookComment } from './facebook-comment-routes';
import { registerGraphRoutes } from './facebook-graph-routes';
import type { FacebookVideoSession } from './facebook-video-routes';
import { registerFacebookOAuthRoutes } from './facebook-oauth-routes';
import { InstagramGraph, type InstagramFakeOptions } from './instagram-graph';
import { registerInstagramRoutes } from './instagram-routes';

export interface FacebookUser {
  id: string;
  name: string;
}

export interface FacebookPageSeed {
  id: string;
  name: string;
  category?: string;
  /** Tasks per user id: CREATE_CONTENT is what publishing needs. */
  roles: Record<string, string[]>;
}

export interface FacebookPost {
  id: string;
  pageId: string;
  message?: string;
  link?: string;
  createdTime: number;
  published: boolean;
  scheduledPublishTime?: number;
  via: 'feed' | 'photos' | 'videos';
  photo?: FacebookPhoto;
  /** A video post (POST /{page-id}/videos): the bytes Facebook received. */
  video?: { id: string; bytes: Buffer; contentType: string };
  /** A multi-photo post: unpublished photos attached to a feed post (attached_media), in order. */
  photos?: FacebookPhoto[];
}

export interface FacebookPhoto {
  id: string;
  url?: string;
  bytes?: Buffer;
  contentType?: string;
  altText?: string;
}

export interface FacebookFakeOptions extends FakeOptions {
  appId?: string;
  appSecret?: string;
  /** When set, the dialog only accepts these redirect URIs (exact match), like "Valid OAuth Redirect URIs". */
  redirectUris?: string[];
  users?: FacebookUser[];
  pages?: FacebookPageSeed[];
  /** The user who is "logged in" at the Login dialog. */
  loginAs?: string;
  /** Business Use Case limit: publishes per Page per rolling hour before #80001. */
  pagePostsPerHour?: number;
  /** Instagram professional accounts linked to the Pages, containers, quota (same Graph origin). */
  instagram?: InstagramFakeOptions;
  /** Instagram's Business Use Case limit: media_publish calls per account per rolling hour before #80002. */
  instagramPublishesPerHour?: number;
}

export type FacebookTokenKind = 'user' | 'page';

export const FACEBOOK_SCOPES = [
  'public_profile',
  'email',
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_manage_metadata',
  'pages_manage_engagement',
  'read_insights',
  'business_management',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
];
export const FACEBOOK_MESSAGE_LIMIT = 63_206;
export const FACEBOOK_DEFAULT_USER: FacebookUser = { id: '10000000000001', name: 'Dana Demo' };
export const FACEBOOK_DEFAULT_PAGES: FacebookPageSeed[] = [
  {
    id: '100000000000101',
    name: 'Smile Dental Studio',
    category: 'Dentist & Dental Office',
    roles: { [FACEBOOK_DEFAULT_USER.id]: ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'] },
  },
  {
    id: '100000000000102',
    name: 'Smile Dental Reviews',
    category: 'Medical & Health',
    roles: { [FACEBOOK_DEFAULT_USER.id]: ['ANALYZE'] },
  },
];
const LONG_LIVED_SECONDS = 60 * 24 * 3600;
const VIDEO_TRANSFER_BYTES = 4 * 1024 * 1024;

export class FacebookFake extends FakeNetwork {
  readonly network = 'facebook' as const;
  readonly appId: string;
  readonly appSecret: string;
  readonly redirectUris?: string[];
  readonly users: Map<string, FacebookUser>;
  readonly pages: Map<string, FacebookPageSeed>;
  readonly loginAs: string;
  readonly pagePostsPerHour: number;
  feed: FacebookPost[] = [];
  /** Chunked video uploads between upload_phase=start and finish. */
  videoSessions = new Map<string, FacebookVideoSession>();
  /** The byte range Facebook asks for in each transfer (tests lower it to see several transfers). */
  videoTransferBytes = VIDEO_TRANSFER_BYTES;
  /** Photos uploaded with published=false, waiting to be attached to a feed post (attached_media). */
  unpublishedPhotos = new Map<string, FacebookPhoto & { pageId: string; attached: boolean }>();
  /** Comments on the Page's posts (people's and the Page's own replies). */
  comments: FacebookComment[] = [];
  readonly commentIds = new IdSequence(3_000_000_000_000);
  readonly postIds = new IdSequence(1_000_000_000_000);
  readonly photoIds = new IdSequence(2_000_000_000_000);
  /** Publish calls per Page, for the Business Use Case limit. */
  private readonly publishLog = new TimeIndex<{ pageId: string; at: number }>((e) => e.at);
  private readonly index = new PostIndex<FacebookPost, 'page' | 'message'>({
    id: (p) => p.id,
    time: (p) => p.createdTime,
    keys: {
      page: (p) => p.pageId,
      message: (p) => (typeof p.message === 'string' ? pairKey(p.pageId, p.message) : undefined),
    },
  });
  private appCalls = 0;
  readonly instagram: InstagramGraph;
  readonly instagramPublishesPerHour: number;
  private readonly igPublishLog = new TimeIndex<{ igUserId: string; at: number }>((e) => e.at);

  constructor(options: FacebookFakeOptions = {}) {
    super(options);
    this.appId = options.appId ?? '100000000000001';
    this.appSecret = options.appSecret ?? 'fake-facebook-app-secret';
    this.redirectUris = options.redirectUris;
    this.users = new Map((options.users ?? [FACEBOOK_DEFAULT_USER]).map((u) => [u.id, u]));
    this.pages = new Map((options.pages ?? FACEBOOK_DEFAULT_PAGES).map((p) => [p.id, p]));
    this.loginAs = options.loginAs ?? [...this.users.keys()][0];
    this.pagePostsPerHour = options.pagePostsPerHour ?? 50;
    this.instagram = new InstagramGraph(options.instagram ?? {}, this.now);
    this.instagramPublishesPerHour = options.instagramPublishesPerHour ?? 200;
    registerFacebookOAuthRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerInstagramRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerCommentRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerGraphRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
  }

  /** A person (or the Page) comments on a post; returns the comment as Graph stores it. */
  addComment(
    postId: string,
    comment: { message: string; from?: { id: string; name: string }; parentId?: string; createdTime?: number },
  ): FacebookComment {
    if (!this.feed.some((p) => p.id === postId)) throw new Error(`unknown post ${postId}`);
    const numericPost = postId.split('_').pop();
    const created: FacebookComment = {
      id: `${numericPost}_${this.commentIds.take()}`,
      postId,
      parentId: comment.parentId,
      message: comment.message,
      from: comment.from ?? { id: '10000000000777', name: 'Pat Commenter' },
      createdTime: comment.createdTime ?? this.nowMs(),
      isHidden: false,
    };
    this.comments.push(created);
    return created;
  }

  posts(): FacebookPost[] {
    return this.feed.map((p) => ({
      ...p,
      photo: p.photo ? { ...p.photo, bytes: undefined, size: p.photo.bytes?.length } : undefined,
    }));
  }

  /** Lookups over `feed`, caught up with whatever was appended to it. */
  get lookup(): PostIndex<FacebookPost, 'page' | 'message'> {
    return this.index.over(this.feed);
  }

  /** Whether this Page posted exactly this message after `after` (Graph's duplicate check). */
  postedSince(pageId: string, message: string, after: number): boolean {
    return this.lookup.newerThan('message', pairKey(pageId, message), after).count > 0;
  }

  /** Pre-issues a token: `{ kind: 'page', pageId }` (default: the first Page) or `{ kind: 'user' }`. */
  issueTestToken(options: Record<string, unknown> = {}): {
    accessToken: string;
    kind: FacebookTokenKind;
    pageId?: string;
    userId: string;
  } {
    const kind = options.kind === 'user' ? 'user' : 'page';
    // The demo and test tokens carry Instagram's permissions too: the Page's linked account publishes with them.
    const userId = typeof options.userId === 'string' ? options.userId : this.loginAs;
    const scopes = Array.isArray(options.scopes)
      ? (options.scopes as string[])
      : [
          'pages_show_list',
          'pages_manage_posts',
          'pages_read_engagement',
          'instagram_basic',
          'instagram_content_publish',
        ];
    if (kind === 'user') {
      const token = this.issueUserToken(userId, scopes, LONG_LIVED_SECONDS);
      return { accessToken: token.value, kind, userId };
    }
    const pageId = typeof options.pageId === 'string' ? options.pageId : [...this.pages.keys()][0];
    if (!this.pages.has(pageId)) throw new Error(`unknown page ${pageId}`);
    const token = this.issuePageToken(userId, pageId, scopes, undefined);
    return { accessToken: token.value, kind, pageId, userId };
  }

  issueUserToken(userId: string, scopes: string[], ttlSeconds: number | undefined): TokenRecord {
    return this.tokens.issue('access', {
      subject: userId,
      scopes,
      clientId: this.appId,
      ttlSeconds,
      prefix: 'EAAU',
      data: { kind: 'user' },
    });
  }

  issuePageToken(userId: string, pageId: string, scopes: string[], ttlSeconds: number | undefined): TokenRecord {
    return this.tokens.issue('access', {
      subject: userId,
      scopes,
      clientId: this.appId,
      ttlSeconds,
      prefix: 'EAAP',
      data: { kind: 'page', pageId },
    });
  }

  /** Graph takes the token from the query, the body, or an Authorization header. */
  tokenOf(req: FakeRequest): string | undefined {
    const fromBody = req.body.fields.access_token;
    return req.query.get('access_token') ?? (typeof fromBody === 'string' ? fromBody : undefined) ?? bearerToken(req);
  }

  /** The valid token record, or the Graph error the real API would send. */
  authenticate(req: FakeRequest): TokenRecord | FakeResponse {
    const check = this.tokens.check(this.tokenOf(req), 'access');
    if (check.ok) return check.record;
    switch (check.reason) {
      case 'missing':
        return GraphErrors.tokenRequired();
      case 'expired':
        return GraphErrors.tokenExpired(check.record?.expiresAt ?? this.now(), this.now());
      case 'revoked':
      case 'used':
        return GraphErrors.tokenRevoked();
      case 'unknown':
        return GraphErrors.tokenUnknown();
    }
  }

  tasksOf(userId: string, pageId: string): string[] {
    return this.pages.get(pageId)?.roles[userId] ?? [];
  }

  /** #80001 when this Page has published too much in the last hour; else records the call. */
  throttlePublish(pageId: string): FakeResponse | undefined {
    const hourAgo = this.now() - 3600_000;
    const recent = this.publishLog.newerThan(pageId, hourAgo);
    if (recent.count >= this.pagePostsPerHour) {
      const minutes = Math.max(1, Math.ceil((recent.first!.at + 3600_000 - this.now()) / 60_000));
      return graphError(400, 80001, RATE_LIMIT_MESSAGES[80001], {
        headers: { 'x-business-use-case-usage': this.bucHeader(pageId, 100, minutes) },
      });
    }
    this.publishLog.add(pageId, { pageId, at: this.now() });
    return undefined;
  }

  /** #80002 (Instagram's Business Use Case throttle, as HTTP 400) past the hourly publish calls. */
  throttleInstagram(igUserId: string): FakeResponse | undefined {
    const hourAgo = this.now() - 3600_000;
    const recent = this.igPublishLog.newerThan(igUserId, hourAgo);
    if (recent.count >= this.instagramPublishesPerHour) {
      const minutes = Math.max(1, Math.ceil((recent.first!.at + 3600_000 - this.now()) / 60_000));
      return graphError(400, 80002, RATE_LIMIT_MESSAGES[80002], {
        headers: { 'x-business-use-case-usage': this.bucHeader(igUserId, 100, minutes, 'instagram') },
      });
    }
    this.igPublishLog.add(igUserId, { igUserId, at: this.now() });
    return undefined;
  }

  bucHeader(pageId: string, callCount: number, regainMinutes: number, type = 'pages'): string {
    return JSON.stringify({
      [pageId]: [
        {
          type,
          call_count: callCount,
          total_cputime: Math.min(callCount, 100),
          total_time: Math.min(callCount, 100),
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    });
  }

  protected resetState(): void {
    this.feed = [];
    this.videoSessions.clear();
    this.videoTransferBytes = VIDEO_TRANSFER_BYTES;
    this.unpublishedPhotos.clear();
    this.comments = [];
    this.index.clear();
    this.publishLog.clear();
    this.igPublishLog.clear();
    this.instagram.reset();
    this.appCalls = 0;
  }

  protected notFound(req: FakeRequest): FakeResponse {
    return GraphErrors.unknownPath(req.path);
  }

  protected decorate(req: FakeRequest, route: Route | undefined, response: FakeResponse): void {
    const headers = (response.headers ??= {});
    headers['facebook-api-version'] = /^\/(v\d+\.\d+)\//.exec(req.path)?.[1] ?? 'v24.0';
    headers['x-fb-rev'] = '1000000001';
    if (!route?.authenticated) return;
    this.appCalls += 1;
    headers['x-app-usage'] ??= JSON.stringify({
      call_count: Math.min(99, this.appCalls % 100),
      total_cputime: 1,
      total_time: 1,
    });
    const record = this.tokens.get(this.tokenOf(req) ?? '');
    const pageId = record?.data.pageId;
    if (typeof pageId === 'string' && !headers['x-business-use-case-usage']) {
      const hourAgo = this.now() - 3600_000;
      const used = this.publishLog.newerThan(pageId, hourAgo).count;
      headers['x-business-use-case-usage'] = this.bucHeader(
        pageId,
        Math.min(100, Math.round((used / this.pagePostsPerHour) * 100)),
        0,
      );
    }
  }

  protected faultResponse(fault: ActiveFault, req: FakeRequest): FakeResponse | undefined {
    switch (fault.kind) {
      case 'expired_token':
        return GraphErrors.tokenExpired(this.now() - 60_000, this.now());
      case 'revoked_token':
        return GraphErrors.tokenRevoked();
      case 'rate_limited': {
        const code = fault.code ?? 80001;
        const minutes = Math.max(1, Math.ceil((fault.retryAfterSeconds ?? 900) / 60));
        const pageId =
          /^(?:\/v\d+\.\d+)?\/(\d+)\//.exec(req.path)?.[1] ??
          String(this.tokens.get(this.tokenOf(req) ?? '')?.data.pageId ?? '0');
        const headers: Record<string, string> =
          code === 80002
            ? { 'x-business-use-case-usage': this.bucHeader(pageId, 100, minutes, 'instagram') }
            : code === 80001
              ? { 'x-business-use-case-usage': this.bucHeader(pageId, 100, minutes) }
              : { 'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 }) };
        return graphError(400, code, fault.message ?? RATE_LIMIT_MESSAGES[code] ?? `(#${code}) Rate limited`, {
          headers,
        });
      }
      case 'duplicate':
        return GraphErrors.duplicate();
      case 'server_error':
        return (fault.status ?? 500) === 500 ? GraphErrors.unknownError() : GraphErrors.unexpectedError(fault.status);
      case 'permission_denied':
        return fault.code === 10 ? GraphErrors.appPermission() : GraphErrors.publishPermission();
      case 'rejected_content':
        return fault.message ? graphError(400, 368, fault.message) : GraphErrors.blocked();
      case 'missing_id':
        return { status: 200, json: { success: true } };
      case 'version_retired':
        return graphError(
          400,
          12,
          fault.message ?? `(#12) ${/^\/(v\d+\.\d+)\//.exec(req.path)?.[1] ?? 'This version'} is deprecated`,
        );
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
