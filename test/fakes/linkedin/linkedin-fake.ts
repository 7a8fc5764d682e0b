// A faithful fake of LinkedIn's versioned REST API for organization posts: OAuth, /rest/posts,
// the image upload flow, little-text commentary (cut at an unescaped reserved character), version
// gate (426 for a sunset LinkedIn-Version) and the usual error bodies.
import { FakeNetwork, type FakeOptions, type FakeResponse } from '../core/fake-network';
import type { ActiveFault } from '../core/faults';
import { IdSequence } from '../core/ids';
import { PROFILE_PICTURE_PNG } from '../core/media';
import { PostIndex, pairKey } from '../core/post-index';
import { bearerToken, type FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { LinkedInErrors, liError } from './linkedin-errors';
import { registerLinkedInOAuthRoutes } from './linkedin-oauth-routes';
import { registerLinkedInCommentRoutes, type LinkedInComment } from './linkedin-comment-routes';
import { registerLinkedInRestRoutes } from './linkedin-rest-routes';
import type { LinkedInVideo } from './linkedin-video-routes';

export interface LinkedInMember {
  id: string;
  name: string;
}

export interface LinkedInOrganization {
  id: string;
  localizedName: string;
  vanityName: string;
  /** Member ids with the ADMINISTRATOR role. */
  admins: string[];
  /**
   * The page's logo, as the id of its digital media asset: the organization answers `logoV2.cropped` and
   * `logoV2.original` as `urn:li:digitalmediaAsset:{id}`, and the Images API serves it as `urn:li:image:{id}`.
   */
  logo?: string;
}

export interface LinkedInPost {
  id: string;
  author: string;
  /** The commentary exactly as received. */
  commentarySent: string;
  /** What LinkedIn keeps and returns: cut at the first unescaped reserved character. */
  commentary: string;
  /** What readers see. */
  publishedText: string;
  truncated: boolean;
  visibility: string;
  lifecycleState: string;
  createdAt: number;
  version: string;
  /** One image, or 2 to 20 (multiImage). */
  content?: {
    media?: { id: string; altText?: string };
    multiImage?: { images: Array<{ id: string; altText?: string }> };
  };
}

export interface LinkedInImage {
  urn: string;
  owner: string;
  uploadToken: string;
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  /** Status reads still answered PROCESSING after the upload, before the image is AVAILABLE. */
  readsProcessing?: number;
  bytes?: Buffer;
  contentType?: string;
  uploadUrlExpiresAt: number;
}

export interface LinkedInFakeOptions extends FakeOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  members?: LinkedInMember[];
  organizations?: LinkedInOrganization[];
  /** The member who is "signed in" at the authorization page. */
  loginAs?: string;
  /** Oldest active LinkedIn-Version (YYYYMM); older ones answer 426 NONEXISTENT_VERSION. Default 202512. */
  minVersion?: string;
  /** Newest released version; newer ones answer 426 too. Default: none. */
  maxVersion?: string;
  /** Posts per member per day before 429. */
  dailyPostLimit?: number;
  /** Scopes the app has been granted (product access). */
  appScopes?: string[];
  /** How many status reads an uploaded image answers PROCESSING before it is AVAILABLE (default 1). */
  imageReadsProcessing?: number;
}

export const LINKEDIN_COMMENTARY_LIMIT = 3000;
export const LINKEDIN_DEFAULT_MEMBER: LinkedInMember = { id: 'dRdEmO7f3a', name: 'Dana Demo' };
export const LINKEDIN_DEFAULT_ORGS: LinkedInOrganization[] = [
  {
    id: '2414183',
    localizedName: 'Smile Dental Group',
    vanityName: 'smile-dental-group',
    admins: [LINKEDIN_DEFAULT_MEMBER.id],
    logo: 'C4D0BAQHsmileLogo0001',
  },
  { id: '5550001', localizedName: 'Another Clinic', vanityName: 'another-clinic', admins: [] },
];
const ACCESS_SECONDS = 60 * 24 * 3600;
const REFRESH_SECONDS = 365 * 24 * 3600;

export class LinkedInFake extends FakeNetwork {
  readonly network = 'linkedin' as const;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris?: string[];
  readonly members: Map<string, LinkedInMember>;
  readonly organizations: Map<string, LinkedInOrganization>;
  readonly loginAs: string;
  minVersion: string;
  maxVersion?: string;
  readonly dailyPostLimit: number;
  readonly appScopes: string[];
  imageReadsProcessing: number;
  published: LinkedInPost[] = [];
  /** Comments people wrote on the organization's posts. */
  comments: LinkedInComment[] = [];
  private commentSeq = 7_100_000_000_000_000_000n;
  images = new Map<string, LinkedInImage>();
  /** Videos by urn (see linkedin-video-routes.ts). */
  videos = new Map<string, LinkedInVideo>();
  readonly shareIds = new IdSequence(7_300_000_000_000_000_000n);
  readonly imageIds = new IdSequence(4_000_000_000);
  private readonly index = new PostIndex<LinkedInPost, 'author' | 'text'>({
    id: (p) => p.id,
    time: (p) => p.createdAt,
    keys: { author: (p) => p.author, text: (p) => pairKey(p.author, p.publishedText) },
  });
  /** Upload token -> image, so an upload does not scan every image (`images` stays the source of truth). */
  private readonly uploads = new Map<string, LinkedInImage>();

  constructor(options: LinkedInFakeOptions = {}) {
    super(options);
    this.clientId = options.clientId ?? '86fakelinkedinid';
    this.clientSecret = options.clientSecret ?? 'fake-linkedin-client-secret';
    this.redirectUris = options.redirectUris;
    this.members = new Map((options.members ?? [LINKEDIN_DEFAULT_MEMBER]).map((m) => [m.id, m]));
    this.organizations = new Map((options.organizations ?? LINKEDIN_DEFAULT_ORGS).map((o) => [o.id, o]));
    this.loginAs = options.loginAs ?? [...this.members.keys()][0];
    this.minVersion = options.minVersion ?? '202512';
    this.maxVersion = options.maxVersion;
    this.dailyPostLimit = options.dailyPostLimit ?? 150;
    this.imageReadsProcessing = options.imageReadsProcessing ?? 1;
    this.appScopes = options.appScopes ?? [
      'w_organization_social',
      'r_organization_social',
      'rw_organization_admin',
      'openid',
      'profile',
      'email',
      'w_member_social',
    ];
    registerLinkedInOAuthRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerLinkedInCommentRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerLinkedInRestRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    this.addLogos();
  }

  /** Each organization's logo, an AVAILABLE image it owns (uploaded through the page's admin screens, not the API). */
  private addLogos(): void {
    for (const org of this.organizations.values())
      if (org.logo)
        this.addImage({
          urn: `urn:li:image:${org.logo}`,
          owner: `urn:li:organization:${org.id}`,
          uploadToken: `logo-${org.logo}`,
          status: 'AVAILABLE',
          bytes: PROFILE_PICTURE_PNG,
          contentType: 'image/png',
          uploadUrlExpiresAt: 0,
        });
  }

  /** A member comments on a post (urn:li:share:N); returns the comment as LinkedIn stores it. */
  addComment(object: string, comment: { text: string; actor?: string; createdAt?: number }): LinkedInComment {
    this.commentSeq += 1n + BigInt(Math.floor(Math.random() * 1000));
    const created: LinkedInComment = {
      id: this.commentSeq.toString(),
      object,
      actor: comment.actor ?? 'urn:li:person:aB3dE5fG7h',
      text: comment.text,
      createdAt: comment.createdAt ?? this.nowMs(),
    };
    this.comments.push(created);
    return created;
  }

  posts(): LinkedInPost[] {
    return this.published.map((p) => ({ ...p }));
  }

  /** Lookups over `published`, caught up with whatever was appended to it. */
  get lookup(): PostIndex<LinkedInPost, 'author' | 'text'> {
    return this.index.over(this.published);
  }

  /** How many posts newer than `after` are by authors this member administers (as of now, like the admin check). */
  memberPostsSince(memberId: string, after: number): number {
    const lookup = this.lookup;
    let count = 0;
    for (const author of lookup.keys('author')) {
      const newer = lookup.newerThan('author', author, after).count;
      if (newer > 0 && this.isAdmin(memberId, author)) count += newer;
    }
    return count;
  }

  /**
   * Whether the member's posts newer than `after` reach `limit` (the daily limit). Each post counts once at most,
   * so while every post ever made is fewer than the limit none is counted: a count walks every author (a fleet's
   * thousand organizations on each publish).
   */
  memberReachedLimit(memberId: string, after: number, limit: number): boolean {
    return this.published.length >= limit && this.memberPostsSince(memberId, after) >= limit;
  }

  addImage(image: LinkedInImage): void {
    this.images.set(image.urn, image);
    this.uploads.set(image.uploadToken, image);
  }

  /** The first image with this upload token (a scan only for images put into `images` directly). */
  imageByUploadToken(uploadToken: string): LinkedInImage | undefined {
    const image = this.uploads.get(uploadToken);
    if (image && this.images.get(image.urn) === image) return image;
    return [...this.images.values()].find((i) => i.uploadToken === uploadToken);
  }

  /** Pre-issues tokens for a member (default: the signed-in one). */
  issueTestToken(options: Record<string, unknown> = {}): {
    accessToken: string;
    refreshToken: string;
    memberId: string;
    organizationIds: string[];
  } {
    const memberId = typeof options.memberId === 'string' ? options.memberId : this.loginAs;
    const scopes = Array.isArray(options.scopes)
      ? (options.scopes as string[])
      : ['w_organization_social', 'r_organization_social', 'rw_organization_admin'];
    const ttl = typeof options.expiresInSeconds === 'number' ? options.expiresInSeconds : ACCESS_SECONDS;
    const pair = this.issueTokenPair(memberId, scopes, ttl);
    const organizationIds = [...this.organizations.values()]
      .filter((o) => o.admins.includes(memberId))
      .map((o) => o.id);
    return { accessToken: pair.access.value, refreshToken: pair.refresh.value, memberId, organizationIds };
  }

  issueTokenPair(
    memberId: string,
    scopes: string[],
    accessSeconds = ACCESS_SECONDS,
  ): { access: TokenRecord; refresh: TokenRecord } {
    const refresh = this.tokens.issue('refresh', {
      subject: memberId,
      scopes,
      clientId: this.clientId,
      ttlSeconds: REFRESH_SECONDS,
      prefix: 'AQX',
    });
    const access = this.tokens.issue('access', {
      subject: memberId,
      scopes,
      clientId: this.clientId,
      ttlSeconds: accessSeconds,
      prefix: 'AQV',
    });
    return { access, refresh };
  }

  /** The version gate, then the bearer token: what every /rest call goes through. */
  gate(req: FakeRequest): TokenRecord | FakeResponse {
    const version = req.headers['linkedin-version'];
    if (!version) return LinkedInErrors.versionMissing();
    if (
      !/^\d{6}(\.\d{2})?$/.test(version) ||
      version.slice(0, 6) < this.minVersion ||
      (this.maxVersion !== undefined && version.slice(0, 6) > this.maxVersion)
    ) {
      return LinkedInErrors.nonexistentVersion(version);
    }
    const check = this.tokens.check(bearerToken(req), 'access');
    if (!check.ok) {
      if (check.reason === 'expired') return LinkedInErrors.expiredToken();
      if (check.reason === 'revoked') return LinkedInErrors.revokedToken();
      return LinkedInErrors.invalidToken();
    }
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') return LinkedInErrors.protocolVersion();
    return check.record;
  }

  isAdmin(memberId: string, authorUrn: string): boolean {
    const id = /^urn:li:organization:(\d+)$/.exec(authorUrn)?.[1];
    if (id) return this.organizations.get(id)?.admins.includes(memberId) ?? false;
    return authorUrn === `urn:li:person:${memberId}`;
  }

  protected resetState(): void {
    this.published = [];
    this.comments = [];
    this.images = new Map();
    this.videos = new Map();
    this.index.clear();
    this.uploads.clear();
    this.addLogos();
  }

  protected notFound(req: FakeRequest): FakeResponse {
    return LinkedInErrors.notFound(`Resource ${req.path}`);
  }

  protected faultResponse(fault: ActiveFault, req: FakeRequest): FakeResponse | undefined {
    const version = req.headers['linkedin-version'] ?? this.minVersion;
    switch (fault.kind) {
      case 'expired_token':
        return LinkedInErrors.expiredToken();
      case 'revoked_token':
        return LinkedInErrors.revokedToken();
      case 'rate_limited':
        return LinkedInErrors.throttled();
      case 'duplicate':
        return LinkedInErrors.duplicate(this.published.at(-1)?.id ?? 'urn:li:share:7300000000000000000');
      case 'server_error':
        return LinkedInErrors.serverError(fault.status ?? 500);
      case 'permission_denied':
        return LinkedInErrors.accessDenied(`partnerApiPostsExternal.CREATE.${version.slice(0, 6)}01`);
      case 'version_retired':
        return LinkedInErrors.nonexistentVersion(version);
      case 'rejected_content':
        return liError(422, {
          errorDetailType: 'com.linkedin.common.error.BadRequest',
          message: fault.message ?? 'Content is not allowed',
          errorDetails: {
            inputErrors: [
              {
                description: fault.message ?? 'Content is not allowed',
                input: { inputPath: { fieldPath: '/commentary' } },
                code: 'INVALID_VALUE',
              },
            ],
          },
        });
      case 'missing_id':
        return { status: 201, headers: { 'x-restli-protocol-version': '2.0.0' } };
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
