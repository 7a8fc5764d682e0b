// A TypeORM logger for the benches: keeps the SQL the app sends (with its parameters) while `recording` is on,
// so a bench can count the statements or EXPLAIN exactly what ran. Logs nothing.
import type { Logger as TypeOrmLogger } from 'typeorm';

export class SqlRecorder implements TypeOrmLogger {
  recording = false;
  readonly queries: Array<{ sql: string; parameters: unknown[] }> = [];

  logQuery(sql: string, parameters?: unknown[]): void {
    if (this.recording) this.queries.push({ sql, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
