// What a signed media link may serve: an image or video of an approved post, to the network of one of its targets while
// that target is being published (or just was: Google may fetch once the post exists). Anything else is "not
// found", whatever the signature says.
import type { TargetStatus } from '../entities/post-target.entity';
import { MediaStore, uploadIdOf, type LocatedMedia } from './media-store';
import type { PublicMediaRef } from './public-media-links';
import type { StoredImages } from './stored-images-store';

const SERVABLE: ReadonlyArray<TargetStatus> = ['publishing', 'published'];

export class PublicMedia {
  constructor(
    private readonly images: StoredImages,
    private readonly store: MediaStore,
  ) {}

  /** The file to serve (streamed by the caller: a video may be hundreds of MB), or null. */
  async find(ref: PublicMediaRef): Promise<LocatedMedia | null> {
    const target = await this.images.targetIn(ref.targetId, SERVABLE);
    if (!target?.approvedHash) return null;
    const media = await this.images.mediaOfPost(target.practiceId, target.postId);
    const belongs = media?.some((m) => (m.storedId ?? uploadIdOf(m.url)) === ref.mediaId);
    if (!belongs) return null;
    return this.store.locate(target.practiceId, ref.mediaId).catch(() => null);
  }
}
