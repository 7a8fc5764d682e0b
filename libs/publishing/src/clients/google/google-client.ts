// Publishes local posts to a Google Business Profile location (v4 localPosts) and lists the accounts and
// locations a Google login manages (Account Management and Business Information v1). A small client on our
// HttpTransport: Google's own Node library would bring hundreds of APIs and its own HTTP stack.
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport, missingIdError, requireAccessToken, type CallContext } from '../error-mapping';
import { parseJsonBody, transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import { mediaUrlProblem } from '../media-url';
import type {
  AccountCredentials,
  GooglePostOptions,
  LocalDateTime,
  NetworkClient,
  PublishedPost,
  RecentPost,
  RefreshedTokens,
  RenderedPost,
  VerifiedAccount,
} from '../network-client';
import { trimOrigin } from '../oauth/oauth-helpers';
import { refreshStoredToken } from '../oauth/token-request';
import { RECENT_MAX_PAGES, newestFirstSince } from '../recent-posts';
import { DEFAULT_GOOGLE_BACKOFF_MS, googleErrorFrom } from './google-errors';
import type { GoogleOAuth } from './google-oauth';

export interface GoogleBusinessClientOptions extends ClientHttpOptions {
  /** GOOGLE_BUSINESS_URL: the origin serving /v4/... */
  businessUrl: string;
  /** GOOGLE_ACCOUNTS_URL: Account Management API origin. */
  accountsUrl: string;
  /** GOOGLE_LOCATIONS_URL: Business Information API origin. */
  locationsUrl: string;
  oauth?: GoogleOAuth;
  /** BCP 47 language of the posts (default en). */
  languageCode?: string;
  rateLimitFallbackMs?: number;
}

/** A location a login can post to; `externalId` is the v4 parent `accounts/{a}/locations/{l}`. */
export interface GoogleLocation {
  externalId: string;
  accountName: string;
  title: string;
  address?: string;
}

export const GOOGLE_STAR_RATINGS = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'] as const;
/** Google's cap on a review reply: 4,096 bytes (UTF-8), not characters. */
export const GOOGLE_REPLY_MAX_BYTES = 4096;

/** A review of a location, as the inbox reads it. */
export interface GoogleReview {
  /** `accounts/{a}/locations/{l}/reviews/{id}` */
  name: string;
  reviewId: string;
  reviewer: { displayName?: string; isAnonymous: boolean };
  /** 1..5 (Google's ONE..FIVE). */
  stars: number;
  comment?: string;
  createTime: Date;
  updateTime: Date;
  reply?: { comment: string; updateTime: Date };
}

export interface GoogleReviewPage {
  reviews: GoogleReview[];
  nextPageToken?: string;
  averageRating?: number;
  totalReviewCount?: number;
}

/** The LocalPost as Google answers it (the fields we read). */
interface LocalPost {
  name?: unknown;
  summary?: unknown;
  state?: unknown;
  searchUrl?: unknown;
  createTime?: unknown;
}

/** Google's own page size cap for localPosts.list. */
const LOCAL_POSTS_PAGE_SIZE = 100;
/** A listing's photos on one page: Google allows 100 per location through the API (pageSize up to 2,500). */
const MEDIA_PAGE_SIZE = 100;
const LOCATION_PARENT = /^accounts\/[^/]+\/locations\/[^/]+$/;

export class GoogleBusinessClient implements NetworkClient {
  readonly network = 'google_business' as const;
  private readonly transport: HttpTransport;
  private readonly businessUrl: string;
  private readonly accountsUrl: string;
  private readonly locationsUrl: string;

  constructor(private readonly options: GoogleBusinessClientOptions) {
    this.transport = transportFrom(options);
    this.businessUrl = trimOrigin(options.businessUrl);
    this.accountsUrl = trimOrigin(options.accountsUrl);
    this.locationsUrl = trimOrigin(options.locationsUrl);
  }

  async publish(account: AccountCredentials, post: RenderedPost): Promise<PublishedPost> {
    const parent = parentOf(account);
    const body = localPostBody(post, this.options.languageCode ?? 'en');
    const created = (await this.json(
      'POST',
      `${this.businessUrl}/v4/${parent}/localPosts`,
      account.accessToken,
      { creates: true },
      body,
    )) as LocalPost | undefined;
    const name = typeof created?.name === 'string' ? created.name : '';
    if (!name) throw missingIdError('google_business', 200, 'Google answered success without the local post name');
    // Google moderates at creation: a 200 can carry state REJECTED (a phone number in the text, for one).
    if (created?.state === 'REJECTED')
      throw new PublishingError({
        kind: 'rejected_content',
        network: 'google_business',
        networkMessage: `Google rejected the post (${name}) when it checked it; a phone number or a link Google does not allow in the text is the usual cause`,
        networkCode: 'REJECTED',
        reason: 'moderation_rejected',
      });
    return { externalId: name, url: urlOf(created!) };
  }

  /**
   * `GET .../localPosts`, pageSize 100, following nextPageToken to the last page (at most RECENT_MAX_PAGES).
   * localPosts.list promises no order (unlike reviews.list's orderBy), so no page can be assumed to be the last
   * one holding posts newer than `since`: stopping early could miss our own post and publish it twice.
   */
  async findRecent(account: AccountCredentials, since: Date): Promise<RecentPost[]> {
    const parent = parentOf(account);
    const fromMs = since.getTime() - (since.getTime() % 1000);
    const found: RecentPost[] = [];
    let pageToken: string | undefined;
    for (let read = 1; read <= RECENT_MAX_PAGES; read++) {
      const query = new URLSearchParams({ pageSize: String(LOCAL_POSTS_PAGE_SIZE) });
      if (pageToken) query.set('pageToken', pageToken);
      const page = (await this.json(
        'GET',
        `${this.businessUrl}/v4/${parent}/localPosts?${query.toString()}`,
        account.accessToken,
        { creates: false },
      )) as { localPosts?: LocalPost[]; nextPageToken?: unknown } | undefined;
      const posts = (page?.localPosts ?? []).filter((p) => typeof p.name === 'string');
      for (const p of posts)
        found.push({
          externalId: p.name as string,
          text: typeof p.summary === 'string' ? p.summary : '',
          createdAt: new Date(typeof p.createTime === 'string' ? Date.parse(p.createTime) : 0),
          url: urlOf(p),
        });
      pageToken = typeof page?.nextPageToken === 'string' && page.nextPageToken ? page.nextPageToken : undefined;
      if (!pageToken) break;
    }
    return newestFirstSince(found, fromMs);
  }

  refresh(account: AccountCredentials): Promise<RefreshedTokens> {
    return refreshStoredToken('google_business', this.options.oauth, account);
  }

  /** The token must reach this location: Business Information `GET /v1/locations/{l}?readMask=name,title`. */
  async verify(account: AccountCredentials): Promise<VerifiedAccount> {
    const parent = parentOf(account);
    const locationId = parent.split('/')[3];
    const location = (await this.json(
      'GET',
      `${this.locationsUrl}/v1/locations/${encodeURIComponent(locationId)}?readMask=name,title`,
      account.accessToken,
      { creates: false },
    )) as { title?: unknown } | undefined;
    return {
      ok: true,
      externalAccountId: parent,
      name: typeof location?.title === 'string' ? location.title : undefined,
      pictureUrl: await this.profilePhoto(parent, account.accessToken),
    };
  }

  /**
   * The location's profile photo (else its logo) for the previews: v4 `GET {parent}/media` lists the listing's
   * photos, each with `locationAssociation.category` (PROFILE, LOGO, COVER...) and Google-hosted `googleUrl` and
   * `thumbnailUrl`. Best effort: a listing without one, or a failed read, is no picture, never a failed check.
   */
  private async profilePhoto(parent: string, token: string): Promise<string | undefined> {
    let items: Array<Record<string, unknown>>;
    try {
      const body = (await this.json(
        'GET',
        `${this.businessUrl}/v4/${parent}/media?pageSize=${MEDIA_PAGE_SIZE}`,
        token,
        {
          creates: false,
        },
      )) as { mediaItems?: unknown } | undefined;
      items = Array.isArray(body?.mediaItems) ? (body.mediaItems as Array<Record<string, unknown>>) : [];
    } catch {
      return undefined;
    }
    const photoOf = (category: string) =>
      items.find(
        (m) =>
          m.mediaFormat === 'PHOTO' &&
          (m.locationAssociation as { category?: unknown } | undefined)?.category === category,
      );
    const photo = photoOf('PROFILE') ?? photoOf('LOGO');
    const url = [photo?.thumbnailUrl, photo?.googleUrl].find((u) => typeof u === 'string' && /^https:\/\//.test(u));
    return url as string | undefined;
  }

  /** One page of a location's reviews, newest first (`pageSize` at most 50, Google's cap). */
  async listReviews(account: AccountCredentials, pageToken?: string, pageSize = 50): Promise<GoogleReviewPage> {
    const parent = parentOf(account);
    const query = new URLSearchParams({
      pageSize: String(Math.min(50, Math.max(1, pageSize))),
      orderBy: 'updateTime desc',
    });
    if (pageToken) query.set('pageToken', pageToken);
    const body = (await this.json(
      'GET',
      `${this.businessUrl}/v4/${parent}/reviews?${query.toString()}`,
      account.accessToken,
      { creates: false },
    )) as
      | {
          reviews?: Array<Record<string, unknown>>;
          nextPageToken?: unknown;
          averageRating?: unknown;
          totalReviewCount?: unknown;
        }
      | undefined;
    return {
      reviews: (body?.reviews ?? []).filter((r) => typeof r.name === 'string').map(reviewOf),
      nextPageToken: typeof body?.nextPageToken === 'string' && body.nextPageToken ? body.nextPageToken : undefined,
      averageRating: typeof body?.averageRating === 'number' ? body.averageRating : undefined,
      totalReviewCount: typeof body?.totalReviewCount === 'number' ? body.totalReviewCount : undefined,
    };
  }

  /** Replies to a review, or replaces the reply (`PUT .../reviews/{id}/reply`); at most 4,096 bytes. */
  async replyToReview(account: AccountCredentials, reviewId: string, comment: string): Promise<{ updateTime: Date }> {
    const parent = parentOf(account);
    if (!comment.trim() || Buffer.byteLength(comment, 'utf8') > GOOGLE_REPLY_MAX_BYTES)
      throw new PublishingError({
        kind: 'rejected_content',
        network: 'google_business',
        networkMessage: `a reply must have text and at most ${GOOGLE_REPLY_MAX_BYTES} bytes`,
        reason: 'invalid_reply',
      });
    const reply = (await this.json(
      'PUT',
      `${this.businessUrl}/v4/${parent}/reviews/${encodeURIComponent(reviewId)}/reply`,
      account.accessToken,
      { creates: true },
      { comment },
    )) as { updateTime?: unknown } | undefined;
    return { updateTime: new Date(typeof reply?.updateTime === 'string' ? reply.updateTime : Date.now()) };
  }

  /** Removes the practice's reply to a review. */
  async deleteReviewReply(account: AccountCredentials, reviewId: string): Promise<void> {
    const parent = parentOf(account);
    await this.json(
      'DELETE',
      `${this.businessUrl}/v4/${parent}/reviews/${encodeURIComponent(reviewId)}/reply`,
      account.accessToken,
      { creates: false },
    );
  }

  /** Every location of every account this token manages (what the practice chooses from when connecting). */
  async listLocations(accessToken: string): Promise<GoogleLocation[]> {
    const accounts: Array<{ name: string; accountName: string }> = [];
    for (const page of await this.pages(`${this.accountsUrl}/v1/accounts?pageSize=20`, accessToken, 'accounts'))
      for (const a of page as Array<{ name?: unknown; accountName?: unknown }>)
        if (typeof a.name === 'string')
          accounts.push({ name: a.name, accountName: typeof a.accountName === 'string' ? a.accountName : a.name });
    const locations: GoogleLocation[] = [];
    for (const account of accounts) {
      const url = `${this.locationsUrl}/v1/${account.name}/locations?pageSize=100&readMask=name,title,storefrontAddress`;
      for (const page of await this.pages(url, accessToken, 'locations'))
        for (const l of page as Array<{ name?: unknown; title?: unknown; storefrontAddress?: unknown }>) {
          if (typeof l.name !== 'string') continue;
          locations.push({
            externalId: `${account.name}/${l.name}`,
            accountName: account.accountName,
            title: typeof l.title === 'string' ? l.title : l.name,
            address: addressOf(l.storefrontAddress),
          });
        }
    }
    return locations;
  }

  private async pages(firstUrl: string, token: string, key: string): Promise<unknown[][]> {
    const out: unknown[][] = [];
    let pageToken: string | undefined;
    for (let read = 1; read <= RECENT_MAX_PAGES; read++) {
      const url = new URL(firstUrl);
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const body = (await this.json('GET', url.toString(), token, { creates: false })) as
        Record<string, unknown> | undefined;
      out.push(Array.isArray(body?.[key]) ? (body[key] as unknown[]) : []);
      pageToken = typeof body?.nextPageToken === 'string' && body.nextPageToken ? body.nextPageToken : undefined;
      if (!pageToken) break;
    }
    return out;
  }

  private async json(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    context: CallContext,
    body?: unknown,
  ): Promise<unknown> {
    requireAccessToken('google_business', token);
    const now = new Date();
    const response = await guardTransport('google_business', context, () =>
      this.transport.request({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    );
    if (response.status < 200 || response.status >= 300)
      throw googleErrorFrom(response, context, now, this.options.rateLimitFallbackMs ?? DEFAULT_GOOGLE_BACKOFF_MS);
    return parseJsonBody(response);
  }
}

function parentOf(account: AccountCredentials): string {
  const parent = account.externalAccountId.replace(/^\/+|\/+$/g, '');
  if (!LOCATION_PARENT.test(parent))
    throw new PublishingError({
      kind: 'permission_denied',
      network: 'google_business',
      networkMessage: `"${account.externalAccountId}" is not a location (accounts/{account}/locations/{location}); reconnect and choose the location`,
      reason: 'not_a_location',
    });
  return parent;
}

/** The LocalPost body: only fields Google knows (it answers 400 "Unknown name" to any other). */
export function localPostBody(post: RenderedPost, languageCode: string): Record<string, unknown> {
  const options: GooglePostOptions = post.google ?? { topicType: 'STANDARD' };
  const refuse = (message: string, reason = 'invalid_post'): never => {
    throw new PublishingError({
      kind: 'rejected_content',
      network: 'google_business',
      networkMessage: message,
      reason,
    });
  };
  const body: Record<string, unknown> = { languageCode, summary: post.text, topicType: options.topicType };
  const cta = options.callToAction;
  // Google ignores callToAction on an OFFER (the offer carries its own "redeem online" link): never send one.
  if (cta && options.topicType !== 'OFFER') {
    if (cta.actionType === 'CALL') body.callToAction = { actionType: 'CALL' };
    else {
      if (!cta.url) refuse(`the "${cta.actionType}" button needs a link`);
      body.callToAction = { actionType: cta.actionType, url: cta.url };
    }
  }
  if (options.topicType === 'EVENT' || options.topicType === 'OFFER') {
    if (!options.event) refuse(`a Google ${options.topicType.toLowerCase()} needs a title, a start and an end`);
    // A TimeInterval "must contain all fields to be valid": a date alone runs from the start of its first day
    // to the end of its last day.
    body.event = {
      title: options.event!.title,
      schedule: {
        startDate: googleDate(options.event!.start),
        startTime: googleTime(options.event!.start.time ?? '00:00'),
        endDate: googleDate(options.event!.end),
        endTime: options.event!.end.time ? googleTime(options.event!.end.time) : END_OF_DAY,
      },
    };
  }
  if (options.topicType === 'OFFER' && options.offer) {
    const offer = Object.fromEntries(Object.entries(options.offer).filter(([, v]) => typeof v === 'string' && v));
    if (Object.keys(offer).length) body.offer = offer;
  }
  const photo = post.images?.[0] ?? post.media;
  if (photo) {
    if (!photo.url)
      refuse(
        'Google downloads the photo from a link, and this photo has none (the planner makes one for every stored image)',
      );
    const problem = mediaUrlProblem(photo.url!);
    // The reason the other clients give a URL the network cannot download (postiz #946).
    if (problem) refuse(problem, 'private_media_url');
    body.media = [{ mediaFormat: 'PHOTO', sourceUrl: photo.url }];
  }
  return body;
}

function reviewOf(r: Record<string, unknown>): GoogleReview {
  const reviewer = (r.reviewer ?? {}) as { displayName?: unknown; isAnonymous?: unknown };
  const reply = r.reviewReply as { comment?: unknown; updateTime?: unknown } | undefined;
  const time = (v: unknown) => new Date(typeof v === 'string' ? v : 0);
  return {
    name: r.name as string,
    reviewId: typeof r.reviewId === 'string' ? r.reviewId : (r.name as string).split('/').pop()!,
    reviewer: {
      displayName: typeof reviewer.displayName === 'string' ? reviewer.displayName : undefined,
      isAnonymous: reviewer.isAnonymous === true,
    },
    stars: GOOGLE_STAR_RATINGS.indexOf(r.starRating as (typeof GOOGLE_STAR_RATINGS)[number]) + 1,
    comment: typeof r.comment === 'string' ? r.comment : undefined,
    createTime: time(r.createTime),
    updateTime: time(r.updateTime),
    reply:
      reply && typeof reply.comment === 'string'
        ? { comment: reply.comment, updateTime: time(reply.updateTime) }
        : undefined,
  };
}

function googleDate(value: LocalDateTime): { year: number; month: number; day: number } {
  const [year, month, day] = value.date.split('-').map(Number);
  return { year, month, day };
}

type TimeOfDay = { hours: number; minutes: number; seconds: number; nanos: number };
const END_OF_DAY: TimeOfDay = { hours: 23, minutes: 59, seconds: 59, nanos: 0 };

function googleTime(time: string): TimeOfDay {
  const [hours, minutes] = time.split(':').map(Number);
  return { hours, minutes, seconds: 0, nanos: 0 };
}

function urlOf(post: LocalPost): string {
  return typeof post.searchUrl === 'string' && post.searchUrl ? post.searchUrl : 'https://business.google.com/';
}

function addressOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const a = value as { addressLines?: unknown; locality?: unknown };
  const lines = Array.isArray(a.addressLines) ? a.addressLines.filter((l) => typeof l === 'string') : [];
  return [...lines, typeof a.locality === 'string' ? a.locality : ''].filter(Boolean).join(', ') || undefined;
}
