// The inbox's table: storing a comment once per network id, updating it when the network says it changed,
// and reading it back per practice. Every method takes practiceId first (tenant scope in the types).
import { EntityManager, In } from 'typeorm';
import { PostTarget } from '@app/posts';
import { InboxComment } from './entities/inbox-comment.entity';
import type { InboxSourceKind } from './networks';
import type { IncomingComment } from './sources/source';
import { triage } from './triage/triage';
import type { TriageProfile, TriageResult } from './triage/types';

export interface StoredComment {
  comment: InboxComment;
  /** False when the network id was already stored (a webhook retry, a poll that overlaps a webhook). */
  created: boolean;
}

export class InboxStore {
  /** Stores the comment unless this practice already has it; triages it and ties it to our post. */
  async ingest(
    tx: EntityManager,
    practiceId: string,
    accountId: string,
    network: InboxComment['network'],
    incoming: IncomingComment,
    source: InboxSourceKind,
    profile: TriageProfile,
  ): Promise<StoredComment> {
    const repo = tx.getRepository(InboxComment);
    const existing = await repo.findOneBy({ practiceId, network, externalId: incoming.externalId });
    if (existing) return { comment: existing, created: false };
    const target = incoming.postExternalId
      ? await tx.getRepository(PostTarget).findOneBy({ practiceId, accountId, externalId: incoming.postExternalId })
      : null;
    // The practice's own replies are stored for the thread but never triaged as if a patient wrote them.
    const result: Pick<TriageResult, 'labels' | 'findings'> = incoming.fromPractice
      ? { labels: [], findings: [] }
      : triage(incoming.text, profile);
    const comment = repo.create({
      practiceId,
      accountId,
      network,
      externalId: incoming.externalId,
      kind: incoming.kind,
      parentExternalId: incoming.parentExternalId,
      threadExternalId: incoming.threadExternalId,
      postExternalId: incoming.postExternalId,
      postId: target?.postId ?? null,
      targetId: target?.id ?? null,
      authorExternalId: incoming.authorExternalId,
      authorName: incoming.authorName.slice(0, 200),
      authorHandle: incoming.authorHandle,
      fromPractice: incoming.fromPractice,
      text: incoming.text,
      writtenAt: incoming.writtenAt,
      source,
      labels: result.labels,
      findings: result.findings,
      urgent: result.labels.includes('urgent'),
      status: incoming.fromPractice ? 'handled' : 'open',
      hidden: incoming.hidden ?? false,
      removedAt: null,
      assigneeId: null,
      handledAt: null,
      handledById: null,
    });
    // The unique (practice, network, id) index: a concurrent delivery of the same comment stays one row.
    await tx.createQueryBuilder().insert().into(InboxComment).values(comment).orIgnore().execute();
    const stored = await repo.findOneByOrFail({ practiceId, network, externalId: incoming.externalId });
    return { comment: stored, created: stored.id === comment.id };
  }

  /** The network edited, hid, showed or removed a comment we have. Returns null when we never stored it. */
  async applyChange(
    tx: EntityManager,
    practiceId: string,
    network: InboxComment['network'],
    externalId: string,
    change: { text?: string; hidden?: boolean; removedAt?: Date },
    profile: TriageProfile,
  ): Promise<InboxComment | null> {
    const repo = tx.getRepository(InboxComment);
    const comment = await repo.findOneBy({ practiceId, network, externalId });
    if (!comment) return null;
    if (change.text !== undefined && change.text !== comment.text && !comment.fromPractice) {
      const result = triage(change.text, profile);
      Object.assign(comment, {
        text: change.text,
        labels: result.labels,
        findings: result.findings,
        urgent: result.labels.includes('urgent'),
      });
    }
    if (change.hidden !== undefined) comment.hidden = change.hidden;
    if (change.removedAt) comment.removedAt = change.removedAt;
    return repo.save(comment);
  }

  byIds(tx: EntityManager, practiceId: string, ids: string[]): Promise<InboxComment[]> {
    return ids.length ? tx.getRepository(InboxComment).findBy({ practiceId, id: In(ids) }) : Promise.resolve([]);
  }
}
