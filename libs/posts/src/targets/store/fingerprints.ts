// A fingerprint per target of what the publish checks read that the claim does not cover (see the
// scheduler's prepared.ts): a prepared target whose fingerprint changed is checked again at its time.
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { pgArray } from '@app/core';

/**
 * One statement for a batch: per target, the account's status and sealed token, what of the practice goes into
 * the text and its PHI allowlist (name, time zone, profile), and whether the post still exists. Not updatedAt:
 * an account's moves on every publish, and SQLite keeps it to the second.
 */
export async function readFingerprints(dataSource: DataSource, targetIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(targetIds)];
  if (ids.length === 0) return new Map();
  const postgres = dataSource.options.type === 'postgres';
  const where = postgres ? 't.id = ANY($1)' : `t.id IN (${ids.map(() => '?').join(', ')})`;
  const rows = (await dataSource.query(
    `SELECT t.id AS id, a.status AS account_status, a."accessTokenEnc" AS token, pr.name AS practice_name, pr.timezone AS practice_zone, pr.profile AS practice_profile, p."deletedAt" AS post_deleted
       FROM post_targets t
       JOIN social_accounts a ON a.id = t."accountId" AND a."practiceId" = t."practiceId"
       JOIN practices pr ON pr.id = t."practiceId"
       JOIN posts p ON p.id = t."postId" AND p."practiceId" = t."practiceId"
      WHERE ${where}`,
    postgres ? [pgArray(ids)] : ids,
  )) as Array<{
    id: string;
    account_status: string;
    token: string | null;
    practice_name: string;
    practice_zone: string;
    practice_profile: unknown;
    post_deleted: Date | string | null;
  }>;
  return new Map(
    rows.map((r) => [
      r.id,
      digest([
        r.account_status,
        r.token,
        r.practice_name,
        r.practice_zone,
        profile(r.practice_profile),
        r.post_deleted === null,
      ]),
    ]),
  );
}

// PostgreSQL hands jsonb back parsed (keys in its own stable order), SQLite as the stored text: either way the same
// for the same profile on one database.
function profile(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// At module level: made anew per batch, each new closure was optimized anew (seven times in a burst of 10,000).
function digest(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64');
}
