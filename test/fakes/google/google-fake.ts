// A faithful fake of the Google Business Profile APIs a practice publishes through: Google OAuth (code with
// PKCE, offline refresh tokens), Account Management and Business Information v1 (accounts, locations) and
// v4 localPosts (create with moderation, list for read-back, delete), with Google's error bodies and faults.
import { FakeNetwork, type FakeOptions, type FakeResponse, type Route } from '../core/fake-network';
import type { ActiveFault } from '../core/faults';
import { IdSequence } from '../core/ids';
import { bearerToken, type FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GoogleErrors, googleError } from './google-errors';
import { registerGoogleOAuthRoutes } from './google-oauth-routes';
import { registerGoogleRoutes } from './google-routes';

export const GOOGLE_BUSINESS_SCOPE = 'https://www.googleapis.com/auth/business.manage';
export const GOOGLE_SCOPES = [GOOGLE_BUSINESS_SCOPE, 'openid', 'email', 'profile'];

export interface GoogleLocationSeed {
  /** `locations/{id}` */
  id: string;
  title: string;
  addressLines: string[];
  locality: string;
  /** The listing's photos (owners add them in Google's own screens): what v4 `media.list` answers. */
  photos?: GooglePhotoSeed[];
}

/** A photo of a listing; `category` is where it shows (MediaItem.locationAssociation.category). */
export interface GooglePhotoSeed {
  id: string;
  category: 'PROFILE' | 'LOGO' | 'COVER' | 'EXTERIOR' | 'INTERIOR' | 'TEAMS' | 'ADDITIONAL';
}

export interface GoogleAccountSeed {
  /** `accounts/{id}` */
  id: string;
  accountName: string;
  /** Google user ids that manage it. */
  managers: string[];
  locations: GoogleLocationSeed[];
}

export interface LocalPostRecord {
  name: string;
  parent: string;
  body: Record<string, unknown>;
  state: 'LIVE' | 'REJECTED' | 'PROCESSING';
  createTime: number;
  updateTime: number;
  searchUrl: string;
}

export interface ReviewRecord {
  /** `accounts/{a}/locations/{l}` */
  parent: string;
  reviewId: string;
  reviewer: { displayName: string; isAnonymous: boolean; profilePhotoUrl?: string };
  starRating: 'ONE' | 'TWO' | 'THREE' | 'FOUR' | 'FIVE';
  comment?: string;
  createTime: number;
  updateTime: number;
  reply?: { comment: string; updateTime: number };
}

export interface GoogleFakeOptions extends FakeOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  /** The Google user signed in at the consent screen. */
  loginAs?: string;
  accounts?: GoogleAccountSeed[];
  /** Access token lifetime (Google: 3599 s). */
  accessTokenSeconds?: number;
}

export const GOOGLE_DEFAULT_USER = '110000000000000000001';
export const GOOGLE_DEFAULT_ACCOUNTS: GoogleAccountSeed[] = [
  {
    id: 'accounts/108000000000000000001',
    accountName: 'Smile Dental Studio',
    managers: [GOOGLE_DEFAULT_USER],
    locations: [
      {
        id: 'locations/4100000000000000001',
        title: 'Smile Dental Studio – Downtown',
        addressLines: ['12 Main St'],
        locality: 'Springfield',
        // The cover first, so a client that takes the first photo is caught out.
        photos: [
          { id: 'AF1QipCoverDowntown01', category: 'COVER' },
          { id: 'AF1QipProfileDowntown01', category: 'PROFILE' },
        ],
      },
      {
        id: 'locations/4100000000000000002',
        title: 'Smile Dental Studio – Northside',
        addressLines: ['800 Oak Ave'],
        locality: 'Springfield',
      },
    ],
  },
];

export class GoogleBusinessFake extends FakeNetwork {
  readonly network = 'google_business' as const;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris?: string[];
  readonly loginAs: string;
  readonly accounts: GoogleAccountSeed[];
  readonly accessTokenSeconds: number;
  localPosts: LocalPostRecord[] = [];
  /** Reviews of the locations; tests add them (patients write them, not the API). */
  reviews: ReviewRecord[] = [];
  readonly postIds = new IdSequence(1_000_000_000_000_000_000n);

  constructor(options: GoogleFakeOptions = {}) {
    super(options);
    this.clientId = options.clientId ?? '100000000001-fake.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'GOCSPX-fake-google-client-secret';
    this.redirectUris = options.redirectUris;
    this.loginAs = options.loginAs ?? GOOGLE_DEFAULT_USER;
    this.accounts = options.accounts ?? GOOGLE_DEFAULT_ACCOUNTS;
    this.accessTokenSeconds = options.accessTokenSeconds ?? 3599;
    registerGoogleOAuthRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
    registerGoogleRoutes(this, (m, p, op, h, auth) => this.route(m, p, op, h, auth));
  }

  posts(): LocalPostRecord[] {
    return this.localPosts.map((p) => ({ ...p }));
  }

  /** The photos of a v4 parent (`accounts/{a}/locations/{l}`). */
  photosOf(parent: string): GooglePhotoSeed[] {
    const [accountId, locationId] = [parent.split('/').slice(0, 2).join('/'), parent.split('/').slice(2).join('/')];
    const account = this.accounts.find((a) => a.id === accountId);
    return account?.locations.find((l) => l.id === locationId)?.photos ?? [];
  }

  /** The v4 parents (`accounts/{a}/locations/{l}`) the default user manages. */
  locationParents(userId = this.loginAs): string[] {
    return this.accounts
      .filter((a) => a.managers.includes(userId))
      .flatMap((a) => a.locations.map((l) => `${a.id}/${l.id}`));
  }

  /** Pre-issues an access (and refresh) token for `userId` (default: the signed-in user). */
  issueTestToken(options: Record<string, unknown> = {}): {
    accessToken: string;
    refreshToken: string;
    userId: string;
    locations: string[];
  } {
    const userId = typeof options.userId === 'string' ? options.userId : this.loginAs;
    const scopes = Array.isArray(options.scopes) ? (options.scopes as string[]) : [GOOGLE_BUSINESS_SCOPE];
    const pair = this.issueTokenPair(userId, scopes, true);
    return {
      accessToken: pair.access.value,
      refreshToken: pair.refresh!.value,
      userId,
      locations: this.locationParents(userId),
    };
  }

  issueTokenPair(userId: string, scopes: string[], offline: boolean): { access: TokenRecord; refresh?: TokenRecord } {
    const access = this.tokens.issue('access', {
      subject: userId,
      scopes,
      clientId: this.clientId,
      ttlSeconds: this.accessTokenSeconds,
      prefix: 'ya29.',
    });
    const refresh = offline
      ? this.tokens.issue('refresh', { subject: userId, scopes, clientId: this.clientId, prefix: '1//0' })
      : undefined;
    return { access, refresh };
  }

  /** The valid token, or Google's 401. */
  authenticate(req: FakeRequest): TokenRecord | FakeResponse {
    const check = this.tokens.check(bearerToken(req) ?? req.query.get('access_token') ?? undefined, 'access');
    if (check.ok) return check.record;
    return check.reason === 'expired' ? GoogleErrors.expired() : GoogleErrors.unauthenticated();
  }

  managerOf(userId: string, accountId: string): GoogleAccountSeed | undefined {
    return this.accounts.find((a) => a.id === accountId && a.managers.includes(userId));
  }

  /** A review as a patient would leave it. */
  addReview(parent: string, review: Partial<ReviewRecord> & Pick<ReviewRecord, 'starRating'>): ReviewRecord {
    const record: ReviewRecord = {
      parent,
      reviewId: review.reviewId ?? `AbFvOq${this.postIds.take()}`,
      reviewer: review.reviewer ?? { displayName: 'A Google user', isAnonymous: false },
      starRating: review.starRating,
      comment: review.comment,
      createTime: review.createTime ?? this.nowMs(),
      updateTime: review.updateTime ?? review.createTime ?? this.nowMs(),
      reply: review.reply,
    };
    this.reviews.push(record);
    return record;
  }

  protected resetState(): void {
    this.localPosts = [];
    this.reviews = [];
  }

  protected notFound(req: FakeRequest): FakeResponse {
    return googleError(404, 'NOT_FOUND', `The requested URL ${req.path} was not found on this server.`);
  }

  protected decorate(_req: FakeRequest, _route: Route | undefined, response: FakeResponse): void {
    const headers = (response.headers ??= {});
    headers['x-content-type-options'] ??= 'nosniff';
    headers.server ??= 'ESF';
  }

  protected faultResponse(fault: ActiveFault): FakeResponse | undefined {
    switch (fault.kind) {
      case 'expired_token':
        return GoogleErrors.expired();
      case 'revoked_token':
        return GoogleErrors.unauthenticated();
      case 'rate_limited':
        return GoogleErrors.resourceExhausted(fault.retryAfterSeconds ?? 60);
      case 'duplicate':
        return GoogleErrors.alreadyExists();
      case 'server_error':
        return GoogleErrors.internal(fault.status ?? 503);
      case 'permission_denied':
        return fault.message ? GoogleErrors.permissionDenied(fault.message) : GoogleErrors.scopeInsufficient();
      case 'rejected_content':
        return GoogleErrors.invalidArgument(fault.message ?? 'Request contains an invalid argument.', [
          { field: 'summary', description: fault.message ?? 'The summary is not allowed.' },
        ]);
      case 'missing_id':
        return { status: 200, json: {} };
      case 'version_retired':
        return googleError(404, 'NOT_FOUND', fault.message ?? 'Method not found.');
      case 'slow':
      case 'accept_then_hang':
      case 'accept_then_reset':
      case 'connection_reset':
      case 'media_error':
      case 'container_expired':
        return undefined;
    }
  }
}
