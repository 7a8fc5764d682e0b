// What a signed media link may serve: an image or video of an approved post, to the network of one of its targets while
// that target is being published (or just was: Google may fetch once the post exists). Anything else is "not
// found", whatever the signature says.
import { DataSource, In } from 'typeorm';
import { Post } from '../entities/post.entity';
import { PostTarget } from '../entities/post-target.entity';
import { MediaStore, uploadIdOf, type LocatedMedia } from './media-store';
import type { PublicMediaRef } from './public-media-links';

const SERVABLE: ReadonlyArray<PostTarget['status']> = ['publishing', 'published'];

export class PublicMedia {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MediaStore,
  ) {}

  /** The file to serve (streamed by the caller: a video may be hundreds of MB), or null. */
  async find(ref: PublicMediaRef): Promise<LocatedMedia | null> {
    const target = await this.dataSource
      .getRepository(PostTarget)
      .findOneBy({ id: ref.targetId, status: In([...SERVABLE]) });
    if (!target?.approvedHash) return null;
    const post = await this.dataSource
      .getRepository(Post)
      .findOneBy({ practiceId: target.practiceId, id: target.postId });
    const belongs = post?.media.some((m) => (m.storedId ?? uploadIdOf(m.url)) === ref.mediaId);
    if (!belongs) return null;
    return this.store.locate(target.practiceId, ref.mediaId).catch(() => null);
  }
}
