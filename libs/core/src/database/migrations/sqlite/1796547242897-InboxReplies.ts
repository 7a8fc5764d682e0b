import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxRepliesSqlite1796547242897 implements MigrationInterface {
  name = 'InboxRepliesSqlite1796547242897';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox_replies" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "commentId" varchar(36) NOT NULL, "accountId" varchar(36) NOT NULL, "network" varchar(16) NOT NULL, "text" text NOT NULL, "textHash" varchar(64) NOT NULL, "status" varchar(20) NOT NULL, "verdict" varchar(8) NOT NULL, "findings" text NOT NULL, "authorId" varchar(36) NOT NULL, "contributorIds" text NOT NULL, "approvedHash" varchar(64), "approvedById" varchar(36), "approvedAt" datetime, "reviewNote" text, "claimToken" varchar(36), "leaseUntil" datetime, "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime, "externalId" varchar(200), "sentAt" datetime, "lastError" text)',
    );
    await queryRunner.query('CREATE INDEX "ix_inbox_replies_due" ON "inbox_replies" ("status", "nextAttemptAt") ');
    await queryRunner.query('CREATE INDEX "ix_inbox_replies_comment" ON "inbox_replies" ("practiceId", "commentId") ');
    await queryRunner.query('DROP INDEX "ux_inbox_settings_practice"');
    await queryRunner.query(
      'CREATE TABLE "temporary_inbox_settings" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "responseMinutes" integer NOT NULL DEFAULT (240), "afterHoursPhone" varchar(40), "trustedReplierIds" text)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_inbox_settings"("id", "createdAt", "updatedAt", "practiceId", "responseMinutes", "afterHoursPhone") SELECT "id", "createdAt", "updatedAt", "practiceId", "responseMinutes", "afterHoursPhone" FROM "inbox_settings"',
    );
    await queryRunner.query('DROP TABLE "inbox_settings"');
    await queryRunner.query('ALTER TABLE "temporary_inbox_settings" RENAME TO "inbox_settings"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_inbox_settings_practice" ON "inbox_settings" ("practiceId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_inbox_settings_practice"');
    await queryRunner.query('ALTER TABLE "inbox_settings" RENAME TO "temporary_inbox_settings"');
    await queryRunner.query(
      'CREATE TABLE "inbox_settings" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "responseMinutes" integer NOT NULL DEFAULT (240), "afterHoursPhone" varchar(40))',
    );
    await queryRunner.query(
      'INSERT INTO "inbox_settings"("id", "createdAt", "updatedAt", "practiceId", "responseMinutes", "afterHoursPhone") SELECT "id", "createdAt", "updatedAt", "practiceId", "responseMinutes", "afterHoursPhone" FROM "temporary_inbox_settings"',
    );
    await queryRunner.query('DROP TABLE "temporary_inbox_settings"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_inbox_settings_practice" ON "inbox_settings" ("practiceId") ');
    await queryRunner.query('DROP INDEX "ix_inbox_replies_comment"');
    await queryRunner.query('DROP INDEX "ix_inbox_replies_due"');
    await queryRunner.query('DROP TABLE "inbox_replies"');
  }
}
