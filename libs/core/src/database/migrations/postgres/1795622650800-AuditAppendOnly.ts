import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log is append-only in the database itself: UPDATE and DELETE on entries are refused. */
export class AuditAppendOnlyPostgres1795622650800 implements MigrationInterface {
  name = 'AuditAppendOnlyPostgres1795622650800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql`);
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_entries_no_change ON "audit_entries"');
    await queryRunner.query('DROP FUNCTION audit_entries_append_only()');
  }
}
