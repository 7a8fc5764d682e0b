// The hash chain itself: pure functions, so verification is easy to read and to test.
import { hashOf, sha256Hex } from '@app/core';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  practiceId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  beforeHash: string | null;
  afterHash: string | null;
  details: Record<string, unknown>;
}

/** hash = SHA-256(prevHash + canonical JSON of every recorded field). */
export function entryHash(prevHash: string, fields: ChainedFields): string {
  const body = hashOf({
    practiceId: fields.practiceId,
    seq: fields.seq,
    at: fields.at.toISOString(),
    actorId: fields.actorId,
    actorLabel: fields.actorLabel,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    beforeHash: fields.beforeHash,
    afterHash: fields.afterHash,
    details: fields.details,
  });
  return sha256Hex(`${prevHash}\n${body}`);
}

export interface ChainBreak {
  seq: number;
  entryId: string | null;
  reason: string;
}

export interface ChainReport {
  intact: boolean;
  checked: number;
  lastSeq: number;
  lastHash: string;
  breaks: ChainBreak[];
}
