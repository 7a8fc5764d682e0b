import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log is append-only in the database itself: UPDATE and DELETE on entries are refused. */
export class AuditAppendOnlySqlite1795622650800 implements MigrationInterface {
  name = 'AuditAppendOnlySqlite1795622650800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "audit_entries"
      BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`);
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "audit_entries"
      BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_entries_no_update');
    await queryRunner.query('DROP TRIGGER audit_entries_no_delete');
  }
}
