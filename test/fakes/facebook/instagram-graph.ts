// Instagram's part of the Graph API, served by the Facebook fake (the same origin and versions in real life):
// professional accounts linked to Pages, media containers with their status_code life cycle, media_publish,
// the 24-hour content publishing quota, the media edge for read-back and Instagram's own error answers.
import type { FakeResponse } from '../core/fake-network';
import { IdSequence } from '../core/ids';
import { graphError } from './facebook-errors';

export interface InstagramAccountSeed {
  id: string;
  username: string;
  name: string;
  /** The Facebook Page it is linked to (`instagram_business_account`). */
  pageId: string;
}

export type ContainerStatusCode = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface InstagramContainer {
  id: string;
  igUserId: string;
  /** VIDEO only as a carousel item: a single feed video goes out as REELS. */
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL' | 'REELS';
  imageUrl?: string;
  videoUrl?: string;
  caption?: string;
  altText?: string;
  isCarouselItem: boolean;
  children: string[];
  createdTime: number;
  /** Status reads still answered IN_PROGRESS before the container is FINISHED. */
  readsInProgress: number;
  failed?: 'ERROR' | 'EXPIRED';
  /** Why processing failed, as the container's `status` says it (a reel Instagram cannot take). */
  errorDetail?: string;
  /** The video Instagram downloaded for a reel. */
  videoBytes?: Buffer;
  publishedMediaId?: string;
}

export interface InstagramMedia {
  id: string;
  igUserId: string;
  containerId: string;
  mediaType: 'IMAGE' | 'CAROUSEL_ALBUM' | 'VIDEO';
  caption?: string;
  mediaUrl?: string;
  children: string[];
  timestamp: number;
  permalink: string;
}

export interface InstagramCommentRecord {
  id: string;
  mediaId: string;
  text: string;
  username: string;
  timestamp: number;
  hidden: boolean;
  /** Set on replies; replies go only to top-level comments. */
  parentId?: string;
}

export interface InstagramFakeOptions {
  accounts?: InstagramAccountSeed[];
  /** content_publishing_limit quota_total (the reference says "currently 50"; older sources say 25 or 100). */
  publishesPerDay?: number;
  /** How many status reads a new container answers IN_PROGRESS (default 1). */
  containerReadsInProgress?: number;
  captionLimit?: number;
  hashtagLimit?: number;
  mentionLimit?: number;
}

export const INSTAGRAM_DEFAULT_ACCOUNTS: InstagramAccountSeed[] = [
  { id: '17841400000000101', username: 'smiledentalstudio', name: 'Smile Dental Studio', pageId: '100000000000101' },
];
const CONTAINER_LIFETIME_MS = 24 * 3600_000;

export const IgErrors = {
  notReady: () =>
    graphError(400, 9007, 'The media is not ready for publishing, please wait for a moment', {
      subcode: 2207027,
      userTitle: 'Media ID is not available',
      userMessage: 'The media is not ready for publishing, please wait for a moment',
    }),
  // The rows of https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
  expired: () =>
    graphError(400, -2, 'The media you are trying to access has expired. Please try to upload again.', {
      subcode: 2207020,
      userTitle: 'Media expired',
      userMessage: 'The media you are trying to access has expired. Please try to upload again.',
    }),
  quotaReached: () =>
    graphError(400, 9, 'Application request limit reached', {
      subcode: 2207042,
      userTitle: 'Reached maximum number of posts',
      userMessage: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
    }),
  downloadFailed: (reason: string) =>
    graphError(400, 9004, "Media download has failed. The media URI doesn't meet our requirements.", {
      subcode: 2207052,
      userTitle: 'Media download has failed',
      userMessage: `The media could not be fetched from the URI: ${reason}.`,
    }),
  notJpeg: (type: string) =>
    graphError(400, 36001, 'The image format is not supported.', {
      subcode: 2207005,
      userTitle: 'Unsupported format',
      userMessage: `The image is ${type}; the supported format is JPEG.`,
    }),
  tooLarge: () =>
    graphError(400, 36000, 'The image size is too large.', {
      subcode: 2207004,
      userTitle: 'Image size too large',
      userMessage: 'The image is too large to download. It should be less than 8 MiB.',
    }),
  aspectRatio: (width: number, height: number) =>
    graphError(400, 36003, 'The aspect ratio is not supported.', {
      subcode: 2207009,
      userTitle: 'Cannot post image with this aspect ratio',
      userMessage: `The image is ${width}x${height}; its aspect ratio must be between 4:5 and 1.91:1.`,
    }),
  altTextTooLong: () => graphError(400, 100, '(#100) Param alt_text must be at most 1000 characters long.'),
  reelInCarousel: () =>
    graphError(400, 100, '(#100) Reels cannot appear in carousels: create carousel items with media_type=VIDEO.'),
  captionTooLong: (limit: number) =>
    graphError(400, 100, `(#100) The caption is too long: at most ${limit} characters are allowed.`, {
      subcode: 2207010,
    }),
  tooManyHashtags: (limit: number) =>
    graphError(400, 100, `(#100) The caption contains more than ${limit} hashtags.`, { subcode: 2207058 }),
  tooManyMentions: (limit: number) =>
    graphError(400, 100, `(#100) The caption mentions more than ${limit} accounts.`, { subcode: 2207059 }),
  missingMedia: () => graphError(400, 100, '(#100) The parameter image_url, video_url or children is required.'),
  feedVideoRetired: () =>
    graphError(
      400,
      100,
      '(#100) The VIDEO media_type is no longer supported for feed posts. Use media_type=REELS to publish a video.',
    ),
  badChildren: (why: string) => graphError(400, 100, `(#100) Invalid children: ${why}`, { subcode: 2207028 }),
  publishPermission: () =>
    graphError(403, 10, '(#10) Application does not have permission for this action', {
      userMessage: 'The token needs instagram_basic and instagram_content_publish for an account linked to this Page.',
    }),
  readPermission: () => graphError(403, 10, "(#10) This endpoint requires the 'instagram_basic' permission."),
};

/** Instagram's state inside the Graph fake. */
export class InstagramGraph {
  readonly accounts: Map<string, InstagramAccountSeed>;
  readonly containers = new Map<string, InstagramContainer>();
  media: InstagramMedia[] = [];
  comments: InstagramCommentRecord[] = [];
  publishesPerDay: number;
  containerReadsInProgress: number;
  readonly captionLimit: number;
  readonly hashtagLimit: number;
  readonly mentionLimit: number;
  private readonly containerIds = new IdSequence(17_889_000_000_000_000n);
  private readonly mediaIds = new IdSequence(17_900_000_000_000_000n);
  private readonly commentIds = new IdSequence(17_950_000_000_000_000n);

  constructor(
    options: InstagramFakeOptions,
    private readonly now: () => number,
  ) {
    this.accounts = new Map((options.accounts ?? INSTAGRAM_DEFAULT_ACCOUNTS).map((a) => [a.id, a]));
    this.publishesPerDay = options.publishesPerDay ?? 50;
    this.containerReadsInProgress = options.containerReadsInProgress ?? 1;
    this.captionLimit = options.captionLimit ?? 2200;
    this.hashtagLimit = options.hashtagLimit ?? 5;
    this.mentionLimit = options.mentionLimit ?? 20;
  }

  accountOfPage(pageId: string): InstagramAccountSeed | undefined {
    return [...this.accounts.values()].find((a) => a.pageId === pageId);
  }

  /** A comment as a follower would leave it (replies: pass parentId). */
  addComment(mediaId: string, text: string, username = 'a_follower', parentId?: string): InstagramCommentRecord {
    const comment = {
      id: this.commentIds.take(),
      mediaId,
      text,
      username,
      timestamp: this.now(),
      hidden: false,
      parentId,
    };
    this.comments.push(comment);
    return comment;
  }

  reset(): void {
    this.containers.clear();
    this.media = [];
    this.comments = [];
  }

  /** The caption checks Instagram makes at container creation. */
  captionProblem(caption: string | undefined): FakeResponse | undefined {
    if (!caption) return undefined;
    if (caption.length > this.captionLimit) return IgErrors.captionTooLong(this.captionLimit);
    const tags = new Set(
      [...caption.matchAll(/(^|[^\p{L}\p{N}_&#])#([\p{L}\p{N}_]+)/gu)].map((m) => m[2].toLowerCase()),
    );
    if (tags.size > this.hashtagLimit) return IgErrors.tooManyHashtags(this.hashtagLimit);
    const mentions = new Set([...caption.matchAll(/(^|[^\w.@])@([A-Za-z0-9_.]+)/g)].map((m) => m[2].toLowerCase()));
    if (mentions.size > this.mentionLimit) return IgErrors.tooManyMentions(this.mentionLimit);
    return undefined;
  }

  newContainer(fields: Omit<InstagramContainer, 'id' | 'createdTime' | 'readsInProgress'>): InstagramContainer {
    const container: InstagramContainer = {
      ...fields,
      id: this.containerIds.take(),
      createdTime: this.now(),
      readsInProgress: this.containerReadsInProgress,
    };
    this.containers.set(container.id, container);
    return container;
  }

  /** The container's status now; `read` counts one status read (which moves IN_PROGRESS along). */
  statusOf(container: InstagramContainer, read: boolean): ContainerStatusCode {
    if (container.publishedMediaId) return 'PUBLISHED';
    if (container.failed) return container.failed;
    if (this.now() - container.createdTime > CONTAINER_LIFETIME_MS) return 'EXPIRED';
    if (container.readsInProgress > 0) {
      if (read) container.readsInProgress -= 1;
      return 'IN_PROGRESS';
    }
    return 'FINISHED';
  }

  publishedInWindow(igUserId: string): InstagramMedia[] {
    const since = this.now() - 24 * 3600_000;
    return this.media.filter((m) => m.igUserId === igUserId && m.timestamp > since);
  }

  publish(container: InstagramContainer): InstagramMedia {
    const id = this.mediaIds.take();
    const media: InstagramMedia = {
      id,
      igUserId: container.igUserId,
      containerId: container.id,
      mediaType:
        container.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : container.mediaType === 'IMAGE' ? 'IMAGE' : 'VIDEO',
      caption: container.caption,
      mediaUrl: container.imageUrl ?? container.videoUrl,
      children: container.children,
      timestamp: this.now(),
      permalink: `https://www.instagram.com/p/${Buffer.from(id).toString('base64url').slice(0, 11)}/`,
    };
    container.publishedMediaId = id;
    this.media.push(media);
    return media;
  }
}
