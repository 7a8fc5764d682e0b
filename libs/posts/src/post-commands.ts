// The actions a person can take on a post from its page (and the API), who may take each, and whether the post's
// state allows it now. The API's role checks and the buttons a page shows both read ACTION_ROLES, so a button is
// never shown to someone the API would refuse.
import type { Role } from '@app/practices';
import type { Post } from './entities/post.entity';
import type { PostTarget } from './entities/post-target.entity';
import { canDo } from './state-machine';
import { describeTarget } from './words/target-outcome';

export const POST_COMMANDS = ['publish_now', 'retry', 'unschedule', 'duplicate', 'delete', 'mark'] as const;
export type PostCommand = (typeof POST_COMMANDS)[number];

export const ACTION_ROLES: Readonly<Record<PostCommand, readonly Role[]>> = {
  // Publishing is a compliance decision: the people who approve (and admins).
  publish_now: ['reviewer', 'admin'],
  retry: ['reviewer', 'admin'],
  unschedule: ['author', 'reviewer', 'admin'],
  duplicate: ['author', 'admin'],
  delete: ['author', 'admin'],
  mark: ['reviewer', 'admin'],
};

type PostFacts = Pick<Post, 'status'> & {
  targets?: Array<
    Pick<
      PostTarget,
      | 'status'
      | 'network'
      | 'externalId'
      | 'lastErrorKind'
      | 'lastError'
      | 'publishedAt'
      | 'nextAttemptAt'
      | 'dueAt'
      | 'updatedAt'
    >
  >;
};

/** The actions this person may take on this post now, in the order a page shows them. */
export function availableCommands(post: PostFacts, roles: readonly Role[]): PostCommand[] {
  const targets = post.targets ?? [];
  const live = targets.some((t) => t.status === 'published' || t.externalId !== null);
  const allowedNow: Record<PostCommand, boolean> = {
    publish_now: canDo('publish_now', post.status) && targets.length > 0,
    retry: canDo('retry', post.status) && targets.some((t) => t.status === 'failed' && describeTarget(t).retryable),
    unschedule: canDo('cancel', post.status),
    duplicate: true,
    delete: canDo('delete', post.status) && !live,
    mark: canDo('mark', post.status),
  };
  return POST_COMMANDS.filter((c) => allowedNow[c] && ACTION_ROLES[c].some((role) => roles.includes(role)));
}
