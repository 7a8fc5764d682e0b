// Publishes to a LinkedIn organization page through the versioned Posts API (/rest/posts).
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport, missingIdError, requireAccessToken, type CallContext } from '../error-mapping';
import {
  parseJsonBody,
  transportFrom,
  type ClientHttpOptions,
  type HttpResponse,
  type HttpTransport,
} from '../http/http-transport';
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
import { RECENT_MAX_PAGES, RECENT_PAGE_SIZE, newestFirstSince } from '../recent-posts';
import { mapLinkedInFailure } from './linkedin-errors';
import { restliEncode } from './restli';
import type { LinkedInOAuth } from './linkedin-oauth';
import { waitUntilAssetAvailable } from './linkedin-asset-status';
import { uploadLinkedInVideo } from './linkedin-video-upload';

export interface LinkedInClientOptions extends ClientHttpOptions {
  /** LINKEDIN_API_URL: bare origin, e.g. https://api.linkedin.com. */
  apiUrl: string;
  /** LINKEDIN_VERSION (YYYYMM or YYYYMM.RR): configuration, because LinkedIn retires each after ~a year. */
  version: string;
  /** Needed for refresh. */
  oauth?: LinkedInOAuth;
  /** Where post links point (default https://www.linkedin.com). */
  webUrl?: string;
  /** Wait after a 429 (LinkedIn sends no reset time). */
  rateLimitBackoffMs?: number;
  /** Give up on an uploaded image still PROCESSING after this long (default 15 s): nothing was posted yet. */
  imageMaxProcessingMs?: number;
  /** For tests: how to wait between two reads of an image's or a video's status. */
  sleep?: (ms: number) => Promise<void>;
  /** Give up on an uploaded video still PROCESSING after this long (default 120 s): nothing was posted yet. */
  videoMaxProcessingMs?: number;
}

interface LinkedInPostElement {
  id?: unknown;
  commentary?: unknown;
  createdAt?: unknown;
  publishedAt?: unknown;
}

export class LinkedInClient implements NetworkClient {
  readonly network = 'linkedin' as const;
  private readonly transport: HttpTransport;
  private readonly apiUrl: string;
  private readonly webUrl: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: LinkedInClientOptions) {
    if (!/^\d{6}(\.\d{2})?$/.test(options.version)) {
      throw new Error(
        `LinkedIn version "${options.version}" is not YYYYMM (set LINKEDIN_VERSION, e.g. the current month's version)`,
      );
    }
    this.transport = transportFrom(options);
    this.apiUrl = trimOrigin(options.apiUrl);
    this.webUrl = trimOrigin(options.webUrl ?? 'https://www.linkedin.com');
    this.sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  }

  async publish(account: AccountCredentials, post: RenderedPost): Promise<PublishedPost> {
    requireAccessToken('linkedin', account.accessToken);
    const author = authorUrn(account.externalAccountId);
    // One image goes as `media`, several as `multiImage` (LinkedIn takes 2 to 20); each is uploaded first.
    const images = post.images?.length ? post.images : post.media ? [post.media] : [];
    const uploaded: Array<{ id: string; altText?: string }> = [];
    for (const media of images) {
      // A video (one, alone: the compose rules see to it) goes through the Videos API and is named like an image.
      const id = media.file
        ? await this.uploadVideo(account.accessToken, author, media)
        : await this.uploadImage(account.accessToken, author, media);
      uploaded.push(media.altText ? { id, altText: media.altText } : { id });
    }
    const body: Record<string, unknown> = {
      author,
      commentary: post.text,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    };
    if (uploaded.length === 1) body.content = { media: uploaded[0] };
    if (uploaded.length > 1) body.content = { multiImage: { images: uploaded } };
    const context = { creates: true };
    const response = await this.send(context, 'POST', '/rest/posts', account.accessToken, JSON.stringify(body));
    this.assertOk(response, context);
    const id = response.headers['x-restli-id'] ?? response.headers['x-linkedin-id'];
    if (!id)
      throw missingIdError('linkedin', response.status, 'LinkedIn answered success without an x-restli-id header');
    return { externalId: id, url: this.postUrl(id) };
  }

  /**
   * The `author` finder sorted by creation (newest first), `count` 100 (its maximum), walking `start`
   * until a post is older than `since`, LinkedIn has no more (`paging.total` reached, or a short page
   * when it sends no total), or RECENT_MAX_PAGES pages. The finder has no time filter of its own.
   */
  async findRecent(account: AccountCredentials, since: Date): Promise<RecentPost[]> {
    const author = authorUrn(account.externalAccountId);
    const context = { creates: false };
    const found: RecentPost[] = [];
    let start = 0;
    for (let page = 0; page < RECENT_MAX_PAGES; page++) {
      const query = `author=${encodeURIComponent(author)}&q=author&count=${RECENT_PAGE_SIZE}&start=${start}&sortBy=CREATED`;
      const response = await this.send(context, 'GET', `/rest/posts?${query}`, account.accessToken);
      this.assertOk(response, context);
      const body = parseJsonBody(response) as
        { elements?: LinkedInPostElement[]; paging?: { count?: unknown; total?: unknown } } | undefined;
      const elements = Array.isArray(body?.elements) ? body.elements : [];
      const posts = elements
        .filter((e) => typeof e.id === 'string')
        .map((e) => ({
          externalId: e.id as string,
          text: typeof e.commentary === 'string' ? e.commentary : '',
          createdAt: new Date(Number(e.createdAt ?? e.publishedAt ?? 0)),
          url: this.postUrl(e.id as string),
        }));
      found.push(...posts);
      // `start` counts positions in LinkedIn's list, which may hand back fewer elements than it skipped past.
      const pageCount =
        typeof body?.paging?.count === 'number' && body.paging.count > 0 ? body.paging.count : RECENT_PAGE_SIZE;
      start += pageCount;
      const total = body?.paging?.total;
      const noMore =
        elements.length === 0 || (typeof total === 'number' ? start >= total : elements.length < pageCount);
      if (noMore || posts.some((p) => p.createdAt.getTime() < since.getTime())) break;
    }
    return newestFirstSince(found, since.getTime());
  }

  refresh(account: AccountCredentials): Promise<RefreshedTokens> {
    return refreshStoredToken('linkedin', this.options.oauth, account);
  }

  async verify(account: AccountCredentials): Promise<VerifiedAccount> {
    const id = organizationId(account.externalAccountId);
    const context = { creates: false };
    const response = await this.send(
      context,
      'GET',
      `/rest/organizations/${encodeURIComponent(id)}`,
      account.accessToken,
    );
    this.assertOk(response, context);
    const body = parseJsonBody(response) as
      { id?: unknown; localizedName?: unknown; logoV2?: { cropped?: unknown; original?: unknown } } | undefined;
    return {
      ok: true,
      externalAccountId: String(body?.id ?? id),
      name: typeof body?.localizedName === 'string' ? body.localizedName : undefined,
      pictureUrl: await this.logoUrl(account.accessToken, body?.logoV2),
    };
  }

  /**
   * The page's logo for the previews. The organization names it as a digital media asset (`logoV2.cropped`, the
   * square one pages show, else `original`); the Images API (`GET /rest/images/urn:li:image:{same id}`) gives its
   * `downloadUrl`. Best effort: a page without a logo, or a logo LinkedIn cannot serve now, is no picture, never a
   * failed check (the daily check reads it again, and LinkedIn's download links do expire).
   */
  private async logoUrl(token: string, logo: { cropped?: unknown; original?: unknown } | undefined) {
    const asset = [logo?.cropped, logo?.original].find(
      (v): v is string => typeof v === 'string' && /^urn:li:(digitalmediaAsset|image):[A-Za-z0-9_-]+$/.test(v),
    );
    if (!asset) return undefined;
    const urn = `urn:li:image:${asset.slice(asset.lastIndexOf(':') + 1)}`;
    try {
      const response = await this.send({ creates: false }, 'GET', `/rest/images/${restliEncode(urn)}`, token);
      if (response.status < 200 || response.status >= 300) return undefined;
      const image = parseJsonBody(response) as { status?: unknown; downloadUrl?: unknown } | undefined;
      return image?.status === 'AVAILABLE' &&
        typeof image.downloadUrl === 'string' &&
        /^https:\/\//.test(image.downloadUrl)
        ? image.downloadUrl
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Organizations the token's member administers (`organizationAcls`, needs rw_organization_admin). */
  async listAdministeredOrganizations(accessToken: string): Promise<string[]> {
    const context = { creates: false };
    const response = await this.send(
      context,
      'GET',
      '/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED',
      accessToken,
    );
    this.assertOk(response, context);
    const elements =
      (parseJsonBody(response) as { elements?: Array<{ organization?: unknown }> } | undefined)?.elements ?? [];
    return elements
      .map((e) => (typeof e.organization === 'string' ? organizationId(e.organization) : ''))
      .filter(Boolean);
  }

  private uploadVideo(token: string, owner: string, media: PostMedia): Promise<string> {
    return uploadLinkedInVideo(
      {
        send: (context, method, path, body) => this.send(context, method, path, token, body),
        put: (context, url, bytes) =>
          guardTransport('linkedin', context, () =>
            this.transport.request({
              method: 'PUT',
              url,
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
              body: bytes,
            }),
          ),
        assertOk: (response, context) => this.assertOk(response, context),
        sleep: this.sleep,
        maxProcessingMs: this.options.videoMaxProcessingMs ?? 120_000,
      },
      owner,
      media,
    );
  }

  /** initializeUpload -> PUT the bytes to uploadUrl -> the image urn for `content.media.id`. */
  private async uploadImage(token: string, owner: string, media: PostMedia): Promise<string> {
    if (!media.bytes) {
      throw new PublishingError({
        kind: 'rejected_content',
        network: 'linkedin',
        networkMessage: 'LinkedIn images must be uploaded as bytes; no bytes were given',
        reason: 'no_media_bytes',
      });
    }
    const context = { creates: false };
    const init = await this.send(
      context,
      'POST',
      '/rest/images?action=initializeUpload',
      token,
      JSON.stringify({ initializeUploadRequest: { owner } }),
    );
    this.assertOk(init, context);
    const value = (parseJsonBody(init) as { value?: { uploadUrl?: unknown; image?: unknown } } | undefined)?.value;
    if (typeof value?.uploadUrl !== 'string' || typeof value.image !== 'string') {
      throw new PublishingError({
        kind: 'transient',
        network: 'linkedin',
        networkMessage: 'initializeUpload answered without uploadUrl/image',
        httpStatus: init.status,
      });
    }
    const put = await guardTransport('linkedin', context, () =>
      this.transport.request({
        method: 'PUT',
        url: value.uploadUrl as string,
        headers: { authorization: `Bearer ${token}`, 'content-type': media.mimeType },
        body: Buffer.from(media.bytes!),
      }),
    );
    this.assertOk(put, context);
    await waitUntilAssetAvailable(
      {
        send: (context, method, path) => this.send(context, method, path, token),
        assertOk: (response, context) => this.assertOk(response, context),
        sleep: this.sleep,
        maxProcessingMs: this.options.imageMaxProcessingMs ?? 15_000,
      },
      'image',
      value.image,
    );
    return value.image;
  }

  private send(
    context: CallContext,
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: string,
  ): Promise<HttpResponse> {
    requireAccessToken('linkedin', token);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'linkedin-version': this.options.version,
      'x-restli-protocol-version': '2.0.0',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return guardTransport('linkedin', context, () =>
      this.transport.request({ method, url: `${this.apiUrl}${path}`, headers, body }),
    );
  }

  private assertOk(response: HttpResponse, context: CallContext): void {
    if (response.status >= 200 && response.status < 300) return;
    throw mapLinkedInFailure(response.status, parseJsonBody(response), response.headers, {
      ...context,
      version: this.options.version,
      backoffMs: this.options.rateLimitBackoffMs,
    });
  }

  private postUrl(urn: string): string {
    return `${this.webUrl}/feed/update/${urn}/`;
  }
}

/** Accepts a bare organization id or a full urn (organization or person). */
export function authorUrn(externalAccountId: string): string {
  return externalAccountId.startsWith('urn:li:') ? externalAccountId : `urn:li:organization:${externalAccountId}`;
}

function organizationId(value: string): string {
  return value.startsWith('urn:li:organization:') ? value.slice('urn:li:organization:'.length) : value;
}
