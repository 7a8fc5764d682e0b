// The hash chain itself: pure functions, so verification is easy to read and to test.
import { canonicalJson, sha256Hex } from '@app/core';

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

/** The recorded fields in the order canonical JSON sorts an object's keys. */
const FIELD_ORDER = (
  [
    'practiceId',
    'seq',
    'at',
    'actorId',
    'actorLabel',
    'action',
    'entityType',
    'entityId',
    'beforeHash',
    'afterHash',
    'details',
  ] satisfies Array<keyof ChainedFields>
).sort();

/**
 * hash = SHA-256(prevHash + "\n" + SHA-256(canonical JSON of every recorded field, `at` as ISO text)). The JSON is
 * written field by field in FIELD_ORDER: the same text canonicalJson prints for the object of those fields, without
 * copying and sorting the fixed fields for every entry (a publish record hashes a thousand at once).
 */
export function entryHash(prevHash: string, fields: ChainedFields): string {
  let body = '';
  for (const key of FIELD_ORDER) {
    const json = canonicalJson(key === 'at' ? fields.at.toISOString() : fields[key]) as string | undefined;
    if (json !== undefined) body += `${body ? ',' : ''}"${key}":${json}`;
  }
  return sha256Hex(`${prevHash}\n${sha256Hex(`{${body}}`)}`);
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
