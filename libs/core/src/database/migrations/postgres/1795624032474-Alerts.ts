import { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertsPostgres1795624032474 implements MigrationInterface {
  name = 'AlertsPostgres1795624032474';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "alerts" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "kind" character varying(40) NOT NULL, "severity" character varying(10) NOT NULL, "title" character varying(200) NOT NULL, "message" text NOT NULL, "link" character varying(300), "dedupeKey" character varying(200) NOT NULL, "openMarker" character varying(36) NOT NULL, "details" jsonb NOT NULL, "resolvedAt" TIMESTAMP WITH TIME ZONE, "acknowledgedAt" TIMESTAMP WITH TIME ZONE, "acknowledgedById" character varying(36), "notifiedAt" TIMESTAMP WITH TIME ZONE, "notifyAttempts" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))',
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
