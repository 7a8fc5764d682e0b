// Publishes to an Instagram professional account (linked to the practice's Facebook Page) through
// facebook-nodejs-business-sdk's IGUser, on the same Graph origin as Facebook: create a media container
// (image, carousel of up to 10, or a reel for a video), wait for its status_code to be FINISHED, then
// media_publish. Instagram has no text-only posts and fetches every image itself from a public URL. The SDK is
// loaded with the first of its objects (facebookSdk()); plain calls (comments, replies) never need it.
import type { IGUser } from 'facebook-nodejs-business-sdk';
import { PublishingError } from '../../errors/publishing-error';
import { missingIdError, requireAccessToken, type CallContext } from '../error-mapping';
import { callGraph, DEFAULT_FACEBOOK_BACKOFF_MS } from '../facebook/facebook-errors';
import type { FacebookOAuth } from '../facebook/facebook-oauth';
import { facebookSdk, GraphApi } from '../facebook/graph-api';
import { transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import { mediaUrlProblem } from '../media-url';
import type {
  AccountCredentials,
  NetworkClient,
  PostMedia,
  PublishedPost,
  RecentPost,
  RefreshedTokens,
  RenderedPost,
  VerifiedAccount,
} from '../network-client';
import { trimOrigin } from '../oauth/oauth-helpers';
import { RECENT_MAX_PAGES, RECENT_PAGE_SIZE, newestFirstSince, wholeSecondsBefore } from '../recent-posts';

export const INSTAGRAM_CAROUSEL_MAX = 10;
/** IG Media comments: "Returns a maximum of 50 comments per query". */
const COMMENTS_PAGE_SIZE = 50;
/** Asked for on top of the Facebook Page permissions when connecting a Page's Instagram account. */
// instagram_manage_comments: the inbox reads, hides and answers comments on the account's media.
export const INSTAGRAM_SCOPES = ['instagram_basic', 'instagram_content_publish', 'instagram_manage_comments'];
export const CONTAINER_STATUSES = ['IN_PROGRESS', 'FINISHED', 'ERROR', 'EXPIRED', 'PUBLISHED'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

export interface InstagramClientOptions extends ClientHttpOptions {
  /** FACEBOOK_GRAPH_URL: Instagram's Graph API shares Facebook's origin and version. */
  graphUrl: string;
  /** For refresh (the Page token behind the account is a Facebook token). */
  oauth?: FacebookOAuth;
  /** Between two status_code reads of a container (default 2 s). */
  pollIntervalMs?: number;
  /**
   * Give up on a container still IN_PROGRESS after this long (default 40 s): nothing was published, so the
   * attempt is transient and the retry starts a fresh container. Kept well inside the publish lease.
   */
  maxProcessingMs?: number;
  /** The same bound for a reel, which Instagram transcodes (default 5 minutes; the publish lease is renewed). */
  reelMaxProcessingMs?: number;
  /** Wait when Instagram throttles without saying for how long. */
  rateLimitFallbackMs?: number;
  /** For tests: how to wait between polls. */
  sleep?: (ms: number) => Promise<void>;
}

/** The account's 24-hour publishing quota as content_publishing_limit reports it. */
export interface PublishingQuota {
  used: number;
  total: number;
  windowSeconds: number;
}

/** A comment on one of the account's media, as the inbox reads it. */
export interface InstagramComment {
  id: string;
  text: string;
  username?: string;
  createdAt: Date;
  hidden: boolean;
  /** Replies can only go to top-level comments. */
  parentId?: string;
}

interface IgMediaItem {
  id?: unknown;
  caption?: unknown;
  timestamp?: unknown;
  permalink?: unknown;
}

export class InstagramClient implements NetworkClient {
  readonly network = 'instagram' as const;
  private readonly transport: HttpTransport;
  private readonly origin: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: InstagramClientOptions) {
    this.transport = transportFrom(options);
    this.origin = trimOrigin(options.graphUrl);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(account: AccountCredentials, post: RenderedPost): Promise<PublishedPost> {
    const images = imagesOf(post);
    const user = await this.user(account);
    // A target past the 24-hour quota waits for a slot with a reason instead of failing (and instead of
    // spending a container on a publish Instagram would refuse).
    await this.ensureQuota(account);
    const containerId = await this.createContainer(account, user, post.text, images);
    const reel = images.length === 1 && images[0].mimeType.startsWith('video/');
    await this.waitUntilFinished(
      account,
      containerId,
      reel ? (this.options.reelMaxProcessingMs ?? 300_000) : (this.options.maxProcessingMs ?? 40_000),
    );
    const published = await this.call(
      { creates: true },
      async () => (await user.createMediaPublish([], { creation_id: containerId }))._data,
    );
    const mediaId = typeof published.id === 'string' ? published.id : '';
    if (!mediaId) throw missingIdError('instagram', 200, 'Instagram answered media_publish without a media id');
    return { externalId: mediaId, url: await this.permalinkOf(account, mediaId) };
  }

  /**
   * `/{ig-user-id}/media?fields=id,caption,timestamp,permalink`, newest first, following `paging.next` until
   * a page reaches past `since` or RECENT_MAX_PAGES pages. Timestamps are whole seconds.
   */
  async findRecent(account: AccountCredentials, since: Date): Promise<RecentPost[]> {
    const fromMs = wholeSecondsBefore(since);
    const user = await this.user(account);
    const items = await this.call({ creates: false }, async () => {
      const cursor = await user.getMedia(['id', 'caption', 'timestamp', 'permalink'], {
        limit: RECENT_PAGE_SIZE,
        since: fromMs / 1000,
      });
      const all: IgMediaItem[] = [];
      for (let read = 1; ; read++) {
        const batch = cursor.map((item) => item._data as IgMediaItem);
        all.push(...batch);
        const reachedPast = batch.some((i) => typeof i.timestamp === 'string' && Date.parse(i.timestamp) < fromMs);
        if (!cursor.hasNext() || reachedPast || read >= RECENT_MAX_PAGES) break;
        await cursor.next();
      }
      return all;
    });
    return newestFirstSince(
      items
        .filter((i) => typeof i.id === 'string')
        .map((i) => ({
          externalId: i.id as string,
          text: typeof i.caption === 'string' ? i.caption : '',
          createdAt: new Date(typeof i.timestamp === 'string' ? Date.parse(i.timestamp) : 0),
          url: typeof i.permalink === 'string' ? i.permalink : fallbackUrl(),
        })),
      fromMs,
    );
  }

  /** The 24-hour quota (`content_publishing_limit`); Instagram's own figure, since sources disagree on it. */
  async publishingQuota(account: AccountCredentials): Promise<PublishingQuota> {
    const user = await this.user(account);
    const data = await this.call({ creates: false }, async () => {
      const cursor = await user.getContentPublishingLimit(['quota_usage', 'config']);
      return (cursor[0]?._data ?? {}) as {
        quota_usage?: unknown;
        config?: { quota_total?: unknown; quota_duration?: unknown };
      };
    });
    return {
      used: Number(data.quota_usage ?? 0) || 0,
      total: Number(data.config?.quota_total ?? 0) || 0,
      windowSeconds: Number(data.config?.quota_duration ?? 86_400) || 86_400,
    };
  }

  async refresh(account: AccountCredentials): Promise<RefreshedTokens> {
    if (!this.options.oauth) throw new Error('InstagramClient.refresh needs the oauth option (Facebook app id/secret)');
    requireAccessToken('instagram', account.accessToken);
    const tokens = await this.options.oauth.exchangeForLongLived(account.accessToken);
    return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes };
  }

  /** The token must reach this Instagram account: `GET /{ig-user-id}?fields=id,username`. */
  async verify(account: AccountCredentials): Promise<VerifiedAccount> {
    const user = await this.user(account);
    const data = await this.call(
      { creates: false },
      async () => (await user.get(['id', 'username', 'name', 'profile_picture_url']))._data,
    );
    const id = String(data.id ?? '');
    if (id !== account.externalAccountId) {
      throw new PublishingError({
        kind: 'permission_denied',
        network: 'instagram',
        networkMessage: `the token reaches Instagram account ${id || '(none)'}, not ${account.externalAccountId}`,
        reason: 'wrong_account',
      });
    }
    const username = typeof data.username === 'string' ? data.username : undefined;
    return {
      ok: true,
      externalAccountId: id,
      name: username ? `@${username}` : (data.name as string | undefined),
      pictureUrl: typeof data.profile_picture_url === 'string' ? data.profile_picture_url : undefined,
    };
  }

  /**
   * The professional account linked to a Facebook Page (`GET /{page-id}?fields=instagram_business_account`),
   * read with the Page token; undefined when the Page has none.
   */
  async linkedAccount(pageId: string, pageToken: string): Promise<{ id: string; username?: string } | undefined> {
    const api = this.api(pageToken);
    const { IGUser, Page } = await facebookSdk();
    const page = new Page(pageId, {}, null, api);
    const data = await this.call(
      { creates: false },
      async () => (await page.get(['instagram_business_account']))._data,
    );
    const linked = data.instagram_business_account as { id?: unknown } | undefined;
    if (!linked || typeof linked.id !== 'string') return undefined;
    const user = new IGUser(linked.id, {}, null, api);
    const profile = await this.call({ creates: false }, async () => (await user.get(['id', 'username']))._data);
    return { id: linked.id, username: typeof profile.username === 'string' ? profile.username : undefined };
  }

  /**
   * Top-level comments on a media (`GET /{ig-media-id}/comments`, newest first, at most 50 a page), following
   * paging up to RECENT_MAX_PAGES.
   */
  async listComments(account: AccountCredentials, mediaId: string): Promise<InstagramComment[]> {
    const fields = 'id,text,username,timestamp,hidden';
    const api = this.api(account.accessToken);
    const rows = await this.call({ creates: false }, async () => {
      const all: Array<Record<string, unknown>> = [];
      let page = (await api.call('GET', [mediaId, 'comments'], { fields, limit: COMMENTS_PAGE_SIZE })) as {
        data?: Array<Record<string, unknown>>;
        paging?: { next?: string };
      };
      for (let read = 1; ; read++) {
        all.push(...(page.data ?? []));
        if (!page.paging?.next || read >= RECENT_MAX_PAGES) break;
        page = (await api.call('GET', page.paging.next)) as typeof page;
      }
      return all;
    });
    return rows.filter((c) => typeof c.id === 'string').map((c) => commentOf(c));
  }

  /** The answers to a top-level comment (`GET /{ig-comment-id}/replies`), to read a reply back before a retry. */
  async listReplies(account: AccountCredentials, commentId: string): Promise<InstagramComment[]> {
    const api = this.api(account.accessToken);
    const page = await this.call(
      { creates: false },
      async () =>
        (await api.call('GET', [commentId, 'replies'], { fields: 'id,text,username,timestamp,hidden' })) as {
          data?: Array<Record<string, unknown>>;
        },
    );
    return (page.data ?? []).filter((c) => typeof c.id === 'string').map((c) => commentOf(c, commentId));
  }

  /** Replies to a top-level comment (`POST /{ig-comment-id}/replies {message}`); returns the reply's id. */
  async replyToComment(account: AccountCredentials, commentId: string, message: string): Promise<string> {
    const api = this.api(account.accessToken);
    const created = await this.call(
      { creates: true },
      async () => (await api.call('POST', [commentId, 'replies'], { message })) as { id?: unknown },
    );
    if (typeof created.id !== 'string')
      throw missingIdError('instagram', 200, 'Instagram answered without the reply id');
    return created.id;
  }

  /** Hides or shows a comment (`POST /{ig-comment-id}?hide=true|false`). */
  async hideComment(account: AccountCredentials, commentId: string, hide: boolean): Promise<void> {
    const api = this.api(account.accessToken);
    await this.call({ creates: false }, () => api.call('POST', [commentId], { hide }));
  }

  private async ensureQuota(account: AccountCredentials): Promise<void> {
    const quota = await this.publishingQuota(account);
    if (quota.total <= 0 || quota.used < quota.total) return;
    // The quota is a rolling window: the oldest post inside it frees the next slot.
    const windowMs = quota.windowSeconds * 1000;
    const now = Date.now();
    const recent = await this.findRecent(account, new Date(now - windowMs)).catch(() => []);
    const oldest = recent.length ? Math.min(...recent.map((p) => p.createdAt.getTime())) : undefined;
    // Instagram's timestamps are whole seconds: one more second so the slot is surely free.
    const retryAt = new Date(
      oldest !== undefined && oldest + windowMs > now ? oldest + windowMs + 1000 : now + 3600_000,
    );
    throw new PublishingError({
      kind: 'rate_limited',
      network: 'instagram',
      networkMessage: `the account has used ${quota.used} of its ${quota.total} posts allowed in ${Math.round(quota.windowSeconds / 3600)} hours`,
      reason: 'publishing_quota',
      retryAt,
    });
  }

  private async createContainer(
    account: AccountCredentials,
    user: IGUser,
    caption: string,
    images: PostMedia[],
  ): Promise<string> {
    const create = async (params: Record<string, unknown>): Promise<string> => {
      const created = await this.call({ creates: false }, async () => (await user.createMedia([], params))._data);
      if (typeof created.id !== 'string' || !created.id)
        throw new PublishingError({
          kind: 'transient',
          network: 'instagram',
          networkMessage: 'Instagram answered without a container id',
          reason: 'missing_container_id',
        });
      return created.id;
    };
    if (images.length === 1) return create({ ...mediaParams(images[0], false), caption });
    // A carousel: one item container per image, each FINISHED, then the carousel container with the caption.
    const children: string[] = [];
    for (const image of images) {
      const child = await create({ ...mediaParams(image, true), is_carousel_item: true });
      // Instagram refuses a carousel whose items are still processing (9007 / 2207027).
      await this.waitUntilFinished(account, child);
      children.push(child);
    }
    // children is "an array of up to 10 container IDs": an array in the JSON body (a comma-joined string is
    // only the query-string form of it).
    return create({ media_type: 'CAROUSEL', children, caption });
  }

  /** Polls the container's status_code until FINISHED; ERROR, EXPIRED or the bound give up with a reason. */
  private async waitUntilFinished(
    account: AccountCredentials,
    containerId: string,
    boundMs = this.options.maxProcessingMs ?? 40_000,
  ): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 2000;
    const deadline = Date.now() + boundMs;
    const api = this.api(account.accessToken);
    const { ShadowIGMediaBuilder } = await facebookSdk();
    const container = new ShadowIGMediaBuilder(containerId, {}, null, api);
    for (;;) {
      const data = await this.call(
        { creates: false },
        async () => (await container.get(['status_code', 'status']))._data,
      );
      const status = String(data.status_code ?? '') as ContainerStatus;
      const detail = typeof data.status === 'string' ? data.status : '';
      switch (status) {
        case 'FINISHED':
          return;
        case 'PUBLISHED':
          // Only our own earlier publish of this very container could have done this: its answer was lost.
          throw new PublishingError({
            kind: 'unknown_outcome',
            network: 'instagram',
            networkMessage: `container ${containerId} is already published`,
            reason: 'container_published',
          });
        case 'ERROR':
          throw new PublishingError({
            kind: 'rejected_content',
            network: 'instagram',
            networkMessage: `Instagram could not process the media${detail ? `: ${detail}` : ''}`,
            networkCode: 'ERROR',
            reason: 'media_processing_error',
          });
        case 'EXPIRED':
          throw new PublishingError({
            kind: 'transient',
            network: 'instagram',
            networkMessage: 'the media container expired before it was published (containers live 24 hours)',
            networkCode: 'EXPIRED',
            reason: 'container_expired',
          });
        case 'IN_PROGRESS':
        default:
          break;
      }
      if (Date.now() + interval > deadline)
        throw new PublishingError({
          kind: 'transient',
          network: 'instagram',
          networkMessage: `Instagram was still processing the media after ${Math.round(boundMs / 1000)} s; nothing was published`,
          reason: 'media_not_ready',
        });
      await this.sleep(interval);
    }
  }

  /** After the id is known nothing may fail the publish: a permalink we cannot read falls back to the profile. */
  private async permalinkOf(account: AccountCredentials, mediaId: string): Promise<string> {
    try {
      const api = this.api(account.accessToken);
      const { ShadowIGMediaBuilder } = await facebookSdk();
      const media = new ShadowIGMediaBuilder(mediaId, {}, null, api);
      const data = (await media.get(['permalink']))._data;
      return typeof data.permalink === 'string' ? data.permalink : fallbackUrl();
    } catch {
      return fallbackUrl();
    }
  }

  private async user(account: AccountCredentials): Promise<IGUser> {
    const api = this.api(account.accessToken);
    const { IGUser } = await facebookSdk();
    return new IGUser(account.externalAccountId, {}, null, api);
  }

  private api(token: string): GraphApi {
    requireAccessToken('instagram', token);
    return new GraphApi(token, { origin: this.origin, transport: this.transport });
  }

  private call<T>(context: CallContext, run: () => Promise<T>): Promise<T> {
    return callGraph('instagram', context, this.options.rateLimitFallbackMs ?? DEFAULT_FACEBOOK_BACKOFF_MS, run);
  }
}

/** The images to send, each with a public URL Meta can fetch (it downloads them itself). */
function imagesOf(post: RenderedPost): PostMedia[] {
  const images = post.images?.length ? post.images : post.media ? [post.media] : [];
  const refuse = (message: string, reason: string): never => {
    throw new PublishingError({ kind: 'rejected_content', network: 'instagram', networkMessage: message, reason });
  };
  if (images.length === 0) refuse('Instagram posts need an image; add one to the post', 'image_required');
  if (images.length > INSTAGRAM_CAROUSEL_MAX)
    refuse(`a carousel holds at most ${INSTAGRAM_CAROUSEL_MAX} images`, 'too_many_images');
  for (const image of images) {
    if (!image.url)
      refuse(
        'Instagram downloads each image from a link, and this image has none (the planner makes one for every stored image)',
        'image_url_required',
      );
    const problem = mediaUrlProblem(image.url!);
    if (problem) refuse(problem, 'private_media_url');
  }
  return images;
}

function mediaParams(media: PostMedia, carouselItem: boolean): Record<string, unknown> {
  // Single feed VIDEO posts were retired: a video goes out as a reel. Reels cannot appear in carousels, where a
  // video is a VIDEO item.
  if (media.mimeType.startsWith('video/'))
    return { media_type: carouselItem ? 'VIDEO' : 'REELS', video_url: media.url };
  // alt_text: image posts only, at most 1,000 characters.
  return media.altText ? { image_url: media.url, alt_text: media.altText.slice(0, 1000) } : { image_url: media.url };
}

function fallbackUrl(): string {
  return 'https://www.instagram.com/';
}

function commentOf(c: Record<string, unknown>, parentId?: string): InstagramComment {
  return {
    id: c.id as string,
    text: typeof c.text === 'string' ? c.text : '',
    username: typeof c.username === 'string' ? c.username : undefined,
    createdAt: new Date(typeof c.timestamp === 'string' ? Date.parse(c.timestamp) : 0),
    hidden: c.hidden === true,
    ...(parentId ? { parentId } : {}),
  };
}
