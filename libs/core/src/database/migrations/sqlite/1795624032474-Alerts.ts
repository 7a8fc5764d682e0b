import { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertsSqlite1795624032474 implements MigrationInterface {
  name = 'AlertsSqlite1795624032474';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "kind" varchar(40) NOT NULL, "severity" varchar(10) NOT NULL, "title" varchar(200) NOT NULL, "message" text NOT NULL, "link" varchar(300), "dedupeKey" varchar(200) NOT NULL, "openMarker" varchar(36) NOT NULL, "details" text NOT NULL, "resolvedAt" datetime, "acknowledgedAt" datetime, "acknowledgedById" varchar(36), "notifiedAt" datetime, "notifyAttempts" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_alerts_open_dedupe" ON "alerts" ("practiceId", "dedupeKey", "openMarker") ',
    );
    await queryRunner.query('CREATE INDEX "ix_alerts_unnotified" ON "alerts" ("notifiedAt") ');
    await queryRunner.query('CREATE INDEX "ix_alerts_practice_created" ON "alerts" ("practiceId", "createdAt") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_alerts_practice_created"');
    await queryRunner.query('DROP INDEX "ix_alerts_unnotified"');
    await queryRunner.query('DROP INDEX "ux_alerts_open_dedupe"');
    await queryRunner.query('DROP TABLE "alerts"');
  }
}
