// Imports a CSV of planned posts as drafts: every row is checked first, then every post is created in
// one transaction with multi-row inserts, so a file goes in whole or not at all, and quickly.
// The posts themselves are written by the posts lib (ComposePost.createMany), in this transaction.
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock, inTransaction, InvalidInputError, NotFoundError } from '@app/core';
import { AuditLog } from '@app/audit';
import { ComposePost, Post } from '@app/posts';
import { actorOf, PracticeStore, SessionUser } from '@app/practices';
import { CsvProblem } from './csv-table';
import { ImportStore } from './import-store';
import { readPostsCsv } from './posts-csv';

export class ImportPosts {
  private readonly practices: PracticeStore;
  private readonly store: ImportStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly compose: ComposePost,
  ) {
    this.practices = new PracticeStore(dataSource);
    this.store = new ImportStore(dataSource);
  }

  /** @throws InvalidInputError with `errors: CsvProblem[]` (nothing is created) */
  async run(practiceId: string, user: SessionUser, file: Buffer): Promise<Post[]> {
    const practice = await this.practices.byId(practiceId);
    if (!practice) throw new NotFoundError('Practice', practiceId);
    const accounts = await this.store.accountsToImportTo(practiceId);
    const result = readPostsCsv(file, { practice, accounts, now: this.clock.now() });
    if (!result.ok) throw refusal(result.problems);

    return inTransaction(this.dataSource, async (tx) => {
      const inputs = result.rows.map((row) => ({
        baseText: row.text,
        targetAccountIds: row.accountIds,
        scheduledFor: row.scheduledFor,
        campaign: row.campaign,
        origin: 'csv_import' as const,
      }));
      // Checked above, but time passes: a row that fails now still rolls the whole file back.
      const posts = await this.compose.createMany(practiceId, user, inputs, tx, (error, index) =>
        error.kind === 'invalid'
          ? refusal([{ row: result.rows[index].row, column: null, message: error.message }])
          : error,
      );
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'posts.imported',
        entityType: 'practice',
        entityId: practiceId,
        details: {
          origin: 'csv_import',
          posts: posts.length,
          fileSha256: createHash('sha256').update(file).digest('hex'),
          fileBytes: file.length,
        },
      });
      return posts;
    });
  }
}

function refusal(problems: CsvProblem[]): InvalidInputError {
  const rows = new Set(problems.map((p) => p.row).filter((row) => row !== null)).size;
  const where =
    rows === 0 ? 'The file has a problem' : rows === 1 ? '1 row has problems' : `${rows} rows have problems`;
  return new InvalidInputError(
    `${where}; nothing was imported. Fix ${problems.length === 1 ? 'it' : 'them'} and upload the file again.`,
    { errors: problems },
  );
}
