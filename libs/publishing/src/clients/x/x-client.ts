// Publishes to X through API v2 with a user-context OAuth 2.0 token.
//
// A small client of our own instead of twitter-api-v2: that library hard-codes https://api.x.com
// for users/me, OAuth2 token, refresh and revoke calls, so pointing it at X_API_URL (a fake, a
// proxy) needs a request-rewriting plugin; the six calls we make are simpler to own.
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport, missingIdError, requireAccessToken, type CallContext } from '../error-mapping';
import {
  parseJsonBody,
  transportFrom,
  type ClientHttpOptions,
  type HttpResponse,
  type HttpTransport,
} from '../http/http-transport';
import { encodeMultipart } from '../http/multipart';
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
import { refreshStoredToken } from '../oauth/token-request';
import { RECENT_MAX_PAGES, RECENT_PAGE_SIZE, newestFirstSince, wholeSecondsBefore } from '../recent-posts';
import { defaultSleep } from '../http/file-chunks';
import { mapXFailure } from './x-errors';
import type { XOAuth } from './x-oauth';
import { uploadXVideo } from './x-video-upload';

export interface XClientOptions extends ClientHttpOptions {
  /** X_API_URL: bare origin, e.g. https://api.x.com. */
  apiUrl: string;
  /** Needed for refresh. */
  oauth?: XOAuth;
  /** Where post links point (default https://x.com). */
  webUrl?: string;
  /** Give up on a video X is still processing after this long (default 120 s): nothing was posted yet. */
  videoMaxProcessingMs?: number;
  /** For tests: how to wait between two reads of a video's processing status. */
  sleep?: (ms: number) => Promise<void>;
}

interface XTweet {
  id?: unknown;
  text?: unknown;
  created_at?: unknown;
}

export class XClient implements NetworkClient {
  readonly network = 'x' as const;
  private readonly transport: HttpTransport;
  private readonly apiUrl: string;
  private readonly webUrl: string;

  constructor(private readonly options: XClientOptions) {
    this.transport = transportFrom(options);
    this.apiUrl = trimOrigin(options.apiUrl);
    this.webUrl = trimOrigin(options.webUrl ?? 'https://x.com');
  }

  async publish(account: AccountCredentials, post: RenderedPost): Promise<PublishedPost> {
    requireAccessToken('x', account.accessToken);
    // Up to 4 images, each uploaded first (in order: X shows them as given).
    const images = post.images?.length ? post.images : post.media ? [post.media] : [];
    const mediaIds: string[] = [];
    for (const media of images)
      mediaIds.push(
        media.file
          ? await this.uploadVideo(account.accessToken, media)
          : await this.uploadMedia(account.accessToken, media),
      );
    const body: Record<string, unknown> = { text: post.text };
    if (mediaIds.length) body.media = { media_ids: mediaIds };
    const context = { creates: true };
    const response = await this.send(context, 'POST', '/2/tweets', account.accessToken, JSON.stringify(body));
    this.assertOk(response, context);
    const id = (parseJsonBody(response) as { data?: { id?: unknown } } | undefined)?.data?.id;
    if (typeof id !== 'string' || !id) throw missingIdError('x', response.status, 'X answered success without data.id');
    return { externalId: id, url: this.postUrl(id) };
  }

  /**
   * `GET /2/users/:id/tweets` with `start_time`, so X filters by time itself, and the biggest page
   * (`max_results` 100), following `meta.next_token` as `pagination_token` until X sends none (or
   * RECENT_MAX_PAGES pages). X keeps times in whole seconds: `start_time` is inclusive at that precision.
   */
  async findRecent(account: AccountCredentials, since: Date): Promise<RecentPost[]> {
    const fromMs = wholeSecondsBefore(since);
    const context = { creates: false };
    const found: RecentPost[] = [];
    let paginationToken: string | undefined;
    for (let page = 0; page < RECENT_MAX_PAGES; page++) {
      const params = new URLSearchParams({
        max_results: String(RECENT_PAGE_SIZE),
        'tweet.fields': 'created_at',
        start_time: new Date(fromMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      if (paginationToken) params.set('pagination_token', paginationToken);
      const path = `/2/users/${encodeURIComponent(account.externalAccountId)}/tweets?${params.toString()}`;
      const response = await this.send(context, 'GET', path, account.accessToken);
      this.assertOk(response, context);
      const body = parseJsonBody(response) as { data?: XTweet[]; meta?: { next_token?: unknown } } | undefined;
      const tweets = (Array.isArray(body?.data) ? body.data : []).filter((t) => typeof t.id === 'string');
      found.push(
        ...tweets.map((t) => ({
          externalId: t.id as string,
          text: typeof t.text === 'string' ? t.text : '',
          createdAt: new Date(typeof t.created_at === 'string' ? t.created_at : 0),
          url: this.postUrl(t.id as string),
        })),
      );
      const next = body?.meta?.next_token;
      paginationToken = typeof next === 'string' && next ? next : undefined;
      // The timeline is newest first: once a page reaches past `since`, older pages cannot hold a match.
      const reachedPast = found.length > 0 && found[found.length - 1].createdAt.getTime() < fromMs;
      if (!paginationToken || reachedPast) break;
    }
    return newestFirstSince(found, fromMs);
  }

  refresh(account: AccountCredentials): Promise<RefreshedTokens> {
    return refreshStoredToken('x', this.options.oauth, account);
  }

  /** `GET /2/users/me`: connect fails loudly unless the token works and is this account's (postiz #1328). */
  async verify(account: AccountCredentials): Promise<VerifiedAccount> {
    const context = { creates: false };
    const response = await this.send(context, 'GET', '/2/users/me?user.fields=profile_image_url', account.accessToken);
    this.assertOk(response, context);
    const data = (
      parseJsonBody(response) as
        { data?: { id?: unknown; name?: unknown; username?: unknown; profile_image_url?: unknown } } | undefined
    )?.data;
    if (typeof data?.id !== 'string' || !data.id) {
      throw new PublishingError({
        kind: 'transient',
        network: 'x',
        networkMessage: '/2/users/me answered without data.id',
        httpStatus: response.status,
      });
    }
    if (account.externalAccountId && data.id !== account.externalAccountId) {
      throw new PublishingError({
        kind: 'permission_denied',
        network: 'x',
        networkMessage: `the token belongs to user ${data.id}, not ${account.externalAccountId}`,
        reason: 'other_account',
      });
    }
    return {
      ok: true,
      externalAccountId: data.id,
      name: typeof data.username === 'string' ? `@${data.username}` : undefined,
      pictureUrl: typeof data.profile_image_url === 'string' ? data.profile_image_url : undefined,
    };
  }

  /** v2 media upload (the v1.1 upload.twitter.com endpoint is retired), then alt text if any. */
  private async uploadMedia(token: string, media: PostMedia): Promise<string> {
    if (!media.bytes) {
      throw new PublishingError({
        kind: 'rejected_content',
        network: 'x',
        networkMessage: 'X images must be uploaded as bytes; no bytes were given',
        reason: 'no_media_bytes',
      });
    }
    const context = { creates: false };
    const form = encodeMultipart({
      media: { filename: media.filename ?? 'image', contentType: media.mimeType, data: Buffer.from(media.bytes) },
      media_category: 'tweet_image',
      media_type: media.mimeType,
    });
    const upload = await guardTransport('x', context, () =>
      this.transport.request({
        method: 'POST',
        url: `${this.apiUrl}/2/media/upload`,
        headers: { authorization: `Bearer ${token}`, 'content-type': form.contentType },
        body: form.body,
      }),
    );
    this.assertOk(upload, context);
    const id = (parseJsonBody(upload) as { data?: { id?: unknown } } | undefined)?.data?.id;
    if (typeof id !== 'string' || !id) {
      throw new PublishingError({
        kind: 'transient',
        network: 'x',
        networkMessage: 'media upload answered without data.id',
        httpStatus: upload.status,
      });
    }
    if (media.altText) {
      const body = JSON.stringify({ id, metadata: { alt_text: { text: media.altText.slice(0, 1000) } } });
      this.assertOk(await this.send(context, 'POST', '/2/media/metadata', token, body), context);
    }
    return id;
  }

  /** A video: the chunked upload (x-video-upload.ts), read from its file chunk by chunk. */
  private uploadVideo(token: string, media: PostMedia): Promise<string> {
    return uploadXVideo(
      {
        send: (context, method, path, body) => this.send(context, method, path, token, body),
        sendForm: (context, path, form) =>
          guardTransport('x', context, () =>
            this.transport.request({
              method: 'POST',
              url: `${this.apiUrl}${path}`,
              headers: { authorization: `Bearer ${token}`, 'content-type': form.contentType },
              body: form.body,
            }),
          ),
        assertOk: (response, context) => this.assertOk(response, context),
        sleep: this.options.sleep ?? defaultSleep,
        maxProcessingMs: this.options.videoMaxProcessingMs ?? 120_000,
      },
      media,
    );
  }

  private send(
    context: CallContext,
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: string,
  ): Promise<HttpResponse> {
    requireAccessToken('x', token);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return guardTransport('x', context, () =>
      this.transport.request({ method, url: `${this.apiUrl}${path}`, headers, body }),
    );
  }

  private assertOk(response: HttpResponse, context: CallContext): void {
    if (response.status >= 200 && response.status < 300) return;
    throw mapXFailure(response.status, parseJsonBody(response), response.headers, context);
  }

  private postUrl(id: string): string {
    return `${this.webUrl}/i/web/status/${id}`;
  }
}
