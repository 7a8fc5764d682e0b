// What every audit entry about one publishing attempt names: which target, where, and which attempt it was.
import type { PostTarget } from '../../entities/post-target.entity';

export function targetAuditDetails(
  target: Pick<PostTarget, 'id' | 'network' | 'accountId' | 'attempts'>,
): Record<string, unknown> {
  return { targetId: target.id, network: target.network, accountId: target.accountId, attempt: target.attempts };
}
