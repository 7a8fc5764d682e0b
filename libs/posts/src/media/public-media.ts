// What a signed image link may serve: an image of an approved post, to the network of one of its targets while
// that target is being published (or just was: Google may fetch once the post exists). Anything else is "not
// found", whatever the signature says.
import { DataSource, In } from 'typeorm';
import { Post } from '../entities/post.entity';
import { PostTarget } from '../entities/post-target.entity';
import { MediaStore, uploadIdOf } from './media-store';
import type { PublicMediaRef } from './public-media-links';

const SERVABLE: ReadonlyArray<PostTarget['status']> = ['publishing', 'published'];

export class PublicMedia {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MediaStore,
  ) {}

  async find(ref: PublicMediaRef): Promise<{ bytes: Buffer; mimeType: string } | null> {
    const target = await this.dataSource
      .getRepository(PostTarget)
      .findOneBy({ id: ref.targetId, status: In([...SERVABLE]) });
    if (!target?.approvedHash) return null;
    const post = await this.dataSource
      .getRepository(Post)
      .findOneBy({ practiceId: target.practiceId, id: target.postId });
    const belongs = post?.media.some((m) => (m.storedId ?? uploadIdOf(m.url)) === ref.mediaId);
    if (!belongs) return null;
    return this.store.read(target.practiceId, ref.mediaId).catch(() => null);
  }
}
