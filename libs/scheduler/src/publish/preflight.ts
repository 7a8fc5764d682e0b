// Checks made right before a target is published: the content is still exactly what was approved, the
// PHI checker (with today's rules) finds nothing the reviewer did not accept, and the account can post.
import { EntityManager, In } from 'typeorm';
import { ContentChecker, forChecker, PatientAuthorization, Review } from '@app/approvals';
import { SocialAccount } from '@app/accounts';
import { Post, PostTarget, renderPost } from '@app/calendar';
import { Practice } from '@app/practices';

export type Preflight =
  | { ok: true; text: string; post: Post; account: SocialAccount }
  | { ok: false; reason: 'post_gone' | 'account_unavailable' | 'content_changed' | 'phi_regression' | 'authorization_expired' | 'render_failed'; message: string; post?: Post; account?: SocialAccount | null };

export async function preflight(tx: EntityManager, checker: ContentChecker, target: PostTarget, now: Date): Promise<Preflight> {
  const post = await tx.getRepository(Post).findOneBy({ practiceId: target.practiceId, id: target.postId });
  if (!post) return { ok: false, reason: 'post_gone', message: 'The post was deleted before it went out.' };
  const account = await tx.getRepository(SocialAccount).findOneBy({ practiceId: target.practiceId, id: target.accountId });
  if (!account || account.status !== 'connected') {
    return { ok: false, reason: 'account_unavailable', post, account, message: `The ${target.network} account ${account ? `"${account.name}" needs to be reconnected` : 'was removed'}; the post was not published there.` };
  }
  const practice = await tx.getRepository(Practice).findOneByOrFail({ id: target.practiceId });
  const rendered = renderPost(post, [{ accountId: target.accountId, network: target.network }], practice);
  const mine = rendered.targets[0];
  if (!mine || rendered.problems.length) {
    return { ok: false, reason: 'render_failed', post, account, message: `The post could not be prepared for ${target.network}: ${rendered.problems.map((p) => p.message).join('; ')}` };
  }
  if (mine.hash !== target.approvedHash) {
    return { ok: false, reason: 'content_changed', post, account, message: `The ${target.network} text is no longer what the reviewer approved (a template value or the practice profile changed). It was not published; review it again.` };
  }
  const approval = await tx.getRepository(Review).findOne({ where: { practiceId: target.practiceId, postId: target.postId, decision: 'approved' }, order: { createdAt: 'DESC' } });
  const relied = approval?.authorizationIds.length ? await tx.getRepository(PatientAuthorization).findBy({ practiceId: target.practiceId, id: In(approval.authorizationIds) }) : [];
  const result = checker.check(mine.text, { ...practice.profile, name: practice.name }, { network: target.network, now, authorizations: forChecker(relied) });
  const accepted = (approval?.overrides ?? []).filter((o) => o.network === target.network);
  const unaccepted = result.findings.filter((f) => f.severity === 'block' || !accepted.some((o) => o.rule === f.rule && o.start === f.start));
  const lapsed = relied.filter((a) => a.revokedAt || (a.expiresAt && a.expiresAt <= now));
  if (unaccepted.length && lapsed.length) {
    return { ok: false, reason: 'authorization_expired', post, account, message: `The patient authorization this post relies on has ${lapsed.some((a) => a.revokedAt) ? 'been revoked' : 'expired'} (document ${lapsed.map((a) => a.documentRef).join(', ')}). It was not published; renew the authorization or edit the post.` };
  }
  if (unaccepted.length) {
    return { ok: false, reason: 'phi_regression', post, account, message: `The PHI check at publish time found ${unaccepted.length} problem(s) the reviewer did not accept (${unaccepted.map((f) => f.rule).join(', ')}). It was not published; review it again.` };
  }
  return { ok: true, text: mine.text, post, account };
}
