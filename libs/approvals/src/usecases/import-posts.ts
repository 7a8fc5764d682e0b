// Imports a CSV of planned posts as drafts: every row is checked first, then every post is created in
// one transaction with multi-row inserts, so a file goes in whole or not at all, and quickly.
import { createHash } from 'node:crypto';
import { Not } from 'typeorm';
import { inTransaction, InvalidInputError } from '@app/core';
import { SocialAccount } from '@app/accounts';
import { CsvProblem, Post, readPostsCsv } from '@app/calendar';
import { actorOf, SessionUser } from '@app/practices';
import { WorkflowDeps } from './deps';
import { ComposePost } from './compose-post';
import { loadPractice } from './post-store';

export class ImportPosts {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly compose: ComposePost,
  ) {}

  /** @throws InvalidInputError with `errors: CsvProblem[]` (nothing is created) */
  async run(practiceId: string, user: SessionUser, file: Buffer): Promise<Post[]> {
    const manager = this.deps.dataSource.manager;
    const practice = await loadPractice(manager, practiceId);
    const accounts = await manager.getRepository(SocialAccount).find({ where: { practiceId, status: Not('disconnected') }, order: { createdAt: 'ASC' } });
    const result = readPostsCsv(file, { practice, accounts, now: this.deps.clock.now() });
    if (!result.ok) throw refusal(result.problems);

    return inTransaction(this.deps.dataSource, async (tx) => {
      const inputs = result.rows.map((row) => ({
        baseText: row.text, targetAccountIds: row.accountIds, scheduledFor: row.scheduledFor, campaign: row.campaign, origin: 'csv_import' as const,
      }));
      // Checked above, but time passes: a row that fails now still rolls the whole file back.
      const posts = await this.compose.createMany(practiceId, user, inputs, tx, (error, index) =>
        error.kind === 'invalid' ? refusal([{ row: result.rows[index].row, column: null, message: error.message }]) : error);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user), action: 'posts.imported', entityType: 'practice', entityId: practiceId,
        details: { origin: 'csv_import', posts: posts.length, fileSha256: createHash('sha256').update(file).digest('hex'), fileBytes: file.length },
      });
      return posts;
    });
  }
}

function refusal(problems: CsvProblem[]): InvalidInputError {
  const rows = new Set(problems.map((p) => p.row).filter((row) => row !== null)).size;
  const where = rows === 0 ? 'The file has a problem' : rows === 1 ? '1 row has problems' : `${rows} rows have problems`;
  return new InvalidInputError(`${where}; nothing was imported. Fix ${problems.length === 1 ? 'it' : 'them'} and upload the file again.`, { errors: problems });
}
