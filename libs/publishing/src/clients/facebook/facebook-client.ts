// Publishes to a Facebook Page with its Page token, through facebook-nodejs-business-sdk (its objects on our wire;
// a text post is a plain call, so publishing one never loads the SDK: see graph-api.ts).
import { PublishingError } from '../../errors/publishing-error';
import { missingIdError, requireAccessToken, type CallContext } from '../error-mapping';
import { parseJsonBody, transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import { encodeMultipart } from '../http/multipart';
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
import { callGraph, DEFAULT_FACEBOOK_BACKOFF_MS } from './facebook-errors';
import type { FacebookOAuth } from './facebook-oauth';
import { facebookSdk, GraphApi, GraphResponseError, graphVersion } from './graph-api';
import { publishFacebookVideo } from './facebook-video-upload';

export interface FacebookClientOptions extends ClientHttpOptions {
  /** FACEBOOK_GRAPH_URL: bare origin, e.g. https://graph.facebook.com. */
  graphUrl: string;
  /** Needed for refresh (long-lived exchange). */
  oauth?: FacebookOAuth;
  /** Where post links point (default https://www.facebook.com). */
  webUrl?: string;
  /** Wait used when a throttle answer has no estimated_time_to_regain_access. */
  rateLimitFallbackMs?: number;
  /** FACEBOOK_GRAPH_VIDEO_URL: where Page videos are uploaded (default: the Graph origin). */
  videoUrl?: string;
}

interface GraphPost {
  id?: unknown;
  message?: unknown;
  created_time?: unknown;
}

export class FacebookClient implements NetworkClient {
  readonly network = 'facebook' as const;
  private readonly transport: HttpTransport;
  private readonly origin: string;
  private readonly webUrl: string;

  constructor(private readonly options: FacebookClientOptions) {
    this.transport = transportFrom(options);
    this.origin = trimOrigin(options.graphUrl);
    this.webUrl = trimOrigin(options.webUrl ?? 'https://www.facebook.com');
  }

  async publish(account: AccountCredentials, post: RenderedPost): Promise<PublishedPost> {
    const pageId = account.externalAccountId;
    const api = this.api(account.accessToken);
    const media = post.media;
    const images = post.images?.length ? post.images : media ? [media] : [];
    for (const image of images) {
      const problem = !image.bytes && image.url ? mediaUrlProblem(image.url) : undefined;
      if (problem)
        throw new PublishingError({
          kind: 'rejected_content',
          network: 'facebook',
          networkMessage: problem,
          reason: 'private_media_url',
        });
    }
    if (media?.mimeType.startsWith('video/')) return this.publishVideo(pageId, account.accessToken, post.text, media);
    if (images.length > 1) return this.publishPhotos(pageId, account.accessToken, post.text, images);
    const postId = await this.call({ creates: true }, async () => {
      if (!media) {
        // What page.createFeed sends (the Page's id rides along in the body), without building SDK Page and
        // PagePost objects: each defines a property per Graph field, a third of a publish's CPU under load.
        const created = (await api.call('POST', [pageId, 'feed'], { message: post.text, id: pageId })) as {
          id?: unknown;
        };
        return created.id;
      }
      if (media.bytes) return this.uploadPhoto(pageId, account.accessToken, post.text, media);
      if (!media.url)
        throw new PublishingError({
          kind: 'rejected_content',
          network: 'facebook',
          networkMessage: 'media has neither bytes nor url',
        });
      const { Page } = await facebookSdk();
      const photo = await new Page(pageId, {}, null, api).createPhoto(
        [],
        withAlt({ url: media.url, caption: post.text }, media),
      );
      return photo._data.post_id;
    });
    if (typeof postId !== 'string' || !postId) {
      throw missingIdError('facebook', 200, 'Facebook answered success without a post id');
    }
    return { externalId: postId, url: this.postUrl(pageId, postId) };
  }

  /**
   * `/{page-id}/feed` with `since` (unix seconds, so Graph filters by time) and `limit` 100, following
   * the cursor's `paging.next` until Graph sends none (a page can be empty and still have one) or
   * RECENT_MAX_PAGES pages. Graph keeps times in whole seconds.
   */
  async findRecent(account: AccountCredentials, since: Date): Promise<RecentPost[]> {
    const pageId = account.externalAccountId;
    const fromMs = wholeSecondsBefore(since);
    const api = this.api(account.accessToken);
    const { Page } = await facebookSdk();
    const page = new Page(pageId, {}, null, api);
    const items = await this.call({ creates: false }, async () => {
      const cursor = await page.getFeed(['id', 'message', 'created_time'], {
        limit: RECENT_PAGE_SIZE,
        since: fromMs / 1000,
      });
      const all: GraphPost[] = [];
      for (let read = 1; ; read++) {
        const batch = cursor.map((item) => item._data as GraphPost);
        all.push(...batch);
        // Newest first: once a page reaches past `since`, older pages cannot hold a match.
        const reachedPast = batch.some(
          (item) => typeof item.created_time === 'string' && Date.parse(item.created_time) < fromMs,
        );
        if (!cursor.hasNext() || reachedPast || read >= RECENT_MAX_PAGES) break;
        await cursor.next(); // refills this same cursor with the next page
      }
      return all;
    });
    return newestFirstSince(
      items
        .filter((item) => typeof item.id === 'string')
        .map((item) => ({
          externalId: item.id as string,
          text: typeof item.message === 'string' ? item.message : '',
          createdAt: new Date(typeof item.created_time === 'string' ? item.created_time : 0),
          url: this.postUrl(pageId, item.id as string),
        })),
      fromMs,
    );
  }

  async refresh(account: AccountCredentials): Promise<RefreshedTokens> {
    if (!this.options.oauth) throw new Error('FacebookClient.refresh needs the oauth option (app id/secret)');
    requireAccessToken('facebook', account.accessToken);
    const tokens = await this.options.oauth.exchangeForLongLived(account.accessToken);
    return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes };
  }

  /** `GET /me` with the stored token must be the Page itself: a user token here is the postiz #1881 bug. */
  async verify(account: AccountCredentials): Promise<VerifiedAccount> {
    const api = this.api(account.accessToken);
    const { User } = await facebookSdk();
    const me = new User('me', {}, null, api);
    const data = await this.call({ creates: false }, async () => (await me.get(['id', 'name', 'picture']))._data);
    const id = String(data.id ?? '');
    const name = typeof data.name === 'string' ? data.name : undefined;
    if (account.externalAccountId && id !== account.externalAccountId) {
      throw new PublishingError({
        kind: 'permission_denied',
        network: 'facebook',
        networkMessage: `the stored token belongs to ${name ?? 'another account'} (${id}), not Page ${account.externalAccountId}; store the Page token`,
        reason: 'not_a_page_token',
      });
    }
    const picture = (data.picture as { data?: { url?: unknown } } | undefined)?.data?.url;
    return { ok: true, externalAccountId: id, name, pictureUrl: typeof picture === 'string' ? picture : undefined };
  }

  private api(token: string): GraphApi {
    requireAccessToken('facebook', token);
    return new GraphApi(token, { origin: this.origin, transport: this.transport });
  }

  /**
   * A video: a stored one by the chunked upload (facebook-video-upload.ts); one of a post approved before videos were
   * stored, by its public address (`file_url`, which Facebook downloads). Either way, the post is the video's.
   */
  private async publishVideo(
    pageId: string,
    token: string,
    description: string,
    media: PostMedia,
  ): Promise<PublishedPost> {
    const videoId = media.file
      ? await publishFacebookVideo(
          {
            origin: trimOrigin(this.options.videoUrl ?? this.options.graphUrl),
            transport: this.transport,
            call: (creates, run) => this.call({ creates }, run),
          },
          pageId,
          token,
          description,
          media,
        )
      : await this.call({ creates: true }, async () => {
          const created = (await this.api(token).call('POST', [pageId, 'videos'], {
            file_url: media.url,
            description,
          })) as { id?: unknown };
          return created.id;
        });
    if (typeof videoId !== 'string' || !videoId)
      throw missingIdError('facebook', 200, 'Facebook answered a video upload without its id');
    return {
      externalId: videoId,
      url: `${this.webUrl}/${encodeURIComponent(pageId)}/videos/${encodeURIComponent(videoId)}`,
    };
  }

  /**
   * Several photos in one post: each uploaded unpublished (published=false: no post yet), then one feed post
   * that attaches them (attached_media). Only the feed call creates the post, so only it can double it.
   */
  private async publishPhotos(
    pageId: string,
    token: string,
    message: string,
    images: PostMedia[],
  ): Promise<PublishedPost> {
    const api = this.api(token);
    const photoIds: string[] = [];
    for (const image of images) {
      const id = await this.call({ creates: false }, async () => {
        if (image.bytes) return this.uploadPhoto(pageId, token, undefined, image, 'id');
        const photo = (await api.call(
          'POST',
          [pageId, 'photos'],
          withAlt({ url: image.url, published: false }, image),
        )) as {
          id?: unknown;
        };
        return photo.id;
      });
      if (typeof id !== 'string' || !id)
        throw missingIdError('facebook', 200, 'Facebook answered a photo upload without its id');
      photoIds.push(id);
    }
    const postId = await this.call({ creates: true }, async () => {
      const created = (await api.call('POST', [pageId, 'feed'], {
        message,
        attached_media: photoIds.map((id) => ({ media_fbid: id })),
        id: pageId,
      })) as { id?: unknown };
      return created.id;
    });
    if (typeof postId !== 'string' || !postId)
      throw missingIdError('facebook', 200, 'Facebook answered success without a post id');
    return { externalId: postId, url: this.postUrl(pageId, postId) };
  }

  /** Multipart upload of the bytes: published with its caption (-> post_id), or unpublished (caption undefined -> id). */
  private async uploadPhoto(
    pageId: string,
    token: string,
    caption: string | undefined,
    media: PostMedia,
    answer: 'post_id' | 'id' = 'post_id',
  ): Promise<unknown> {
    const url = `${this.origin}/${graphVersion()}/${encodeURIComponent(pageId)}/photos?access_token=${encodeURIComponent(token)}`;
    const form = encodeMultipart({
      ...(caption === undefined ? { published: 'false' } : { caption }),
      alt_text_custom: media.altText,
      source: {
        filename: media.filename ?? `image.${extensionFor(media.mimeType)}`,
        contentType: media.mimeType,
        data: Buffer.from(media.bytes!),
      },
    });
    const response = await this.transport.request({
      method: 'POST',
      url,
      headers: { 'content-type': form.contentType },
      body: form.body,
    });
    const body = parseJsonBody(response) as { post_id?: unknown; id?: unknown } | undefined;
    if (response.status < 200 || response.status >= 300)
      throw new GraphResponseError(response.status, body, response.headers, 'POST');
    return body?.[answer];
  }

  private call<T>(context: CallContext, run: () => Promise<T>): Promise<T> {
    return callGraph('facebook', context, this.options.rateLimitFallbackMs ?? DEFAULT_FACEBOOK_BACKOFF_MS, run);
  }

  private postUrl(pageId: string, postId: string): string {
    const postPart = postId.includes('_') ? postId.slice(postId.indexOf('_') + 1) : postId;
    return `${this.webUrl}/${encodeURIComponent(pageId)}/posts/${encodeURIComponent(postPart)}`;
  }
}

function withAlt(params: Record<string, unknown>, media: PostMedia): Record<string, unknown> {
  return media.altText ? { ...params, alt_text_custom: media.altText } : params;
}

function extensionFor(mimeType: string): string {
  const sub = mimeType.split('/')[1] ?? 'bin';
  return sub === 'jpeg' ? 'jpg' : sub;
}
