// Checks made right before a target is published: the content is still exactly what was approved, the
// PHI checker (with today's rules) finds nothing the reviewer did not accept, and the account can post.
// A batch of targets is checked with one read per table, then each target on its own.
import { EntityManager, In } from 'typeorm';
import { ContentChecker } from '../../content-checker';
import { PatientAuthorization } from '../../entities/patient-authorization.entity';
import { Post, PostMedia } from '../../entities/post.entity';
import { PostTarget } from '../../entities/post-target.entity';
import { Review } from '../../entities/review.entity';
import { renderPost } from '../../rendering/render-post';
import { forChecker } from '../../usecases/authorizations';
import { SocialAccount } from '@app/accounts';
import { type AccountCredentials, type GooglePostOptions, NETWORK_NAMES } from '@app/publishing';
import { googleOptionsOf } from '../../rendering/network-rules';
import { stillApproved, unacceptedFindings } from '../../approval-rules';

/** What some networks need besides the text and first image: every image (several, or Instagram), Google's settings. */
export interface PublishExtras {
  images?: PostMedia[];
  google?: GooglePostOptions;
}
import { Practice } from '@app/practices';

export type Preflight =
  | {
      ok: true;
      text: string;
      media: PostMedia | undefined;
      extras?: PublishExtras;
      account: SocialAccount;
      reliesOnAuthorization: boolean;
    }
  /** Checked ahead of time (see prepared.ts): the credentials were opened then. */
  | {
      ok: true;
      text: string;
      media: PostMedia | undefined;
      extras?: PublishExtras;
      credentials: AccountCredentials;
      reliesOnAuthorization: false;
    }
  | {
      ok: false;
      reason:
        | 'post_gone'
        | 'account_unavailable'
        | 'content_changed'
        | 'phi_regression'
        | 'authorization_expired'
        | 'render_failed';
      message: string;
      post?: Post;
      account?: SocialAccount | null;
    };

/** Everything the checks read, for all targets of a batch. */
interface PreflightContext {
  posts: Map<string, Post>;
  accounts: Map<string, SocialAccount>;
  practices: Map<string, Practice>;
  /** The latest approval of each post. */
  approvals: Map<string, Review>;
  authorizations: Map<string, PatientAuthorization>;
}

export async function preflightAll(
  tx: EntityManager,
  checker: ContentChecker,
  targets: PostTarget[],
  now: Date,
): Promise<Map<string, Preflight>> {
  const context = await loadContext(tx, targets);
  return new Map(targets.map((target) => [target.id, check(checker, target, context, now)]));
}

async function loadContext(tx: EntityManager, targets: PostTarget[]): Promise<PreflightContext> {
  const ids = (pick: (t: PostTarget) => string) => [...new Set(targets.map(pick))];
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const postIds = ids((t) => t.postId);
  const practiceIds = ids((t) => t.practiceId);
  const [posts, accounts, practices, reviews] = await Promise.all([
    tx.getRepository(Post).findBy({ id: In(postIds) }),
    tx.getRepository(SocialAccount).findBy({ id: In(ids((t) => t.accountId)) }),
    tx.getRepository(Practice).findBy({ id: In(practiceIds) }),
    tx.getRepository(Review).find({
      where: { practiceId: In(practiceIds), postId: In(postIds), decision: 'approved' },
      order: { createdAt: 'DESC' },
    }),
  ]);
  const approvals = new Map<string, Review>();
  for (const review of reviews) if (!approvals.has(review.postId)) approvals.set(review.postId, review);
  const authorizationIds = [...new Set([...approvals.values()].flatMap((a) => a.authorizationIds))];
  const authorizations = authorizationIds.length
    ? await tx.getRepository(PatientAuthorization).findBy({ id: In(authorizationIds) })
    : [];
  return {
    posts: byId(posts),
    accounts: byId(accounts),
    practices: byId(practices),
    approvals,
    authorizations: byId(authorizations),
  };
}

function check(checker: ContentChecker, target: PostTarget, context: PreflightContext, now: Date): Preflight {
  // Every row must belong to the target's practice: ids alone never cross a tenant boundary.
  const own = <T extends { practiceId: string }>(row: T | undefined) =>
    row?.practiceId === target.practiceId ? row : undefined;
  const post = own(context.posts.get(target.postId));
  if (!post || post.deletedAt)
    return { ok: false, reason: 'post_gone', message: 'The post was deleted before it went out.' };
  const account = own(context.accounts.get(target.accountId));
  if (!account || account.status !== 'connected') {
    return {
      ok: false,
      reason: 'account_unavailable',
      post,
      account,
      message: `The ${NETWORK_NAMES[target.network]} account ${account ? `"${account.name}" needs to be reconnected` : 'was removed'}; the post was not published there.`,
    };
  }
  const practice = context.practices.get(target.practiceId);
  if (!practice) return { ok: false, reason: 'post_gone', post, account, message: 'The practice no longer exists.' };
  const rendered = renderPost(post, [{ accountId: target.accountId, network: target.network }], practice);
  const mine = rendered.targets[0];
  if (!mine || rendered.problems.length) {
    return {
      ok: false,
      reason: 'render_failed',
      post,
      account,
      message: `The post could not be prepared for ${NETWORK_NAMES[target.network]}: ${rendered.problems.map((p) => p.message).join('; ')}`,
    };
  }
  if (!stillApproved(mine.hash, target.approvedHash)) {
    return {
      ok: false,
      reason: 'content_changed',
      post,
      account,
      message: `The ${NETWORK_NAMES[target.network]} text is no longer what the reviewer approved (a template value or the practice profile changed). It was not published; review it again.`,
    };
  }
  const approval = own(context.approvals.get(target.postId));
  const relied = (approval?.authorizationIds ?? [])
    .map((id) => own(context.authorizations.get(id)))
    .filter((a): a is PatientAuthorization => !!a);
  const result = checker.check(
    mine.text,
    { ...practice.profile, name: practice.name },
    { network: target.network, now, authorizations: forChecker(relied) },
  );
  const unaccepted = unacceptedFindings(
    result.findings.map((f) => ({ ...f, network: target.network })),
    approval?.overrides ?? [],
  );
  const lapsed = relied.filter((a) => a.revokedAt || (a.expiresAt && a.expiresAt <= now));
  if (unaccepted.length && lapsed.length) {
    return {
      ok: false,
      reason: 'authorization_expired',
      post,
      account,
      message: `The patient authorization this post relies on has ${lapsed.some((a) => a.revokedAt) ? 'been revoked' : 'expired'} (document ${lapsed.map((a) => a.documentRef).join(', ')}). It was not published; renew the authorization or edit the post.`,
    };
  }
  if (unaccepted.length) {
    return {
      ok: false,
      reason: 'phi_regression',
      post,
      account,
      message: `The PHI check at publish time found ${unaccepted.length} problem(s) the reviewer did not accept (${unaccepted.map((f) => f.rule).join(', ')}). It was not published; review it again.`,
    };
  }
  return {
    ok: true,
    text: mine.text,
    media: post.media[0],
    extras: extrasFor(target.network, post),
    account,
    reliesOnAuthorization: relied.length > 0,
  };
}

function extrasFor(network: PostTarget['network'], post: Post): PublishExtras | undefined {
  if (network === 'google_business') return { google: googleOptionsOf(post.googlePost) };
  // Every image, where there are several (each network's limit was checked at compose) or Instagram (a carousel).
  if (network === 'instagram' || post.media.length > 1) return { images: post.media };
  return undefined;
}
