import { MigrationInterface, QueryRunner } from 'typeorm';

export class GooglePostSettingsSqlite1796535948699 implements MigrationInterface {
  name = 'GooglePostSettingsSqlite1796535948699';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_posts_practice_scheduled"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_status_scheduled"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_campaign"');
    await queryRunner.query(
      'CREATE TABLE "temporary_posts" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "status" varchar(20) NOT NULL, "baseText" text NOT NULL, "variants" text NOT NULL, "media" text NOT NULL, "templateVars" text NOT NULL, "templateKey" varchar(100), "scheduledAt" datetime, "scheduledLocal" varchar(16), "timezone" varchar(64) NOT NULL, "campaign" varchar(100), "tags" text NOT NULL, "version" integer NOT NULL DEFAULT (1), "authorId" varchar(36) NOT NULL, "contributorIds" text NOT NULL, "findings" text NOT NULL, "verdict" varchar(10), "submittedAt" datetime, "markNote" text, "origin" varchar(20) NOT NULL DEFAULT (\'person\'), "deletedAt" datetime, "googlePost" text)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_posts"("id", "createdAt", "updatedAt", "practiceId", "status", "baseText", "variants", "media", "templateVars", "templateKey", "scheduledAt", "scheduledLocal", "timezone", "campaign", "tags", "version", "authorId", "contributorIds", "findings", "verdict", "submittedAt", "markNote", "origin", "deletedAt") SELECT "id", "createdAt", "updatedAt", "practiceId", "status", "baseText", "variants", "media", "templateVars", "templateKey", "scheduledAt", "scheduledLocal", "timezone", "campaign", "tags", "version", "authorId", "contributorIds", "findings", "verdict", "submittedAt", "markNote", "origin", "deletedAt" FROM "posts"',
    );
    await queryRunner.query('DROP TABLE "posts"');
    await queryRunner.query('ALTER TABLE "temporary_posts" RENAME TO "posts"');
    await queryRunner.query('CREATE INDEX "ix_posts_practice_scheduled" ON "posts" ("practiceId", "scheduledAt") ');
    await queryRunner.query(
      'CREATE INDEX "ix_posts_practice_status_scheduled" ON "posts" ("practiceId", "status", "scheduledAt") ',
    );
    await queryRunner.query('CREATE INDEX "ix_posts_practice_campaign" ON "posts" ("campaign") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_posts_practice_campaign"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_status_scheduled"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_scheduled"');
    await queryRunner.query('ALTER TABLE "posts" RENAME TO "temporary_posts"');
    await queryRunner.query(
      'CREATE TABLE "posts" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "status" varchar(20) NOT NULL, "baseText" text NOT NULL, "variants" text NOT NULL, "media" text NOT NULL, "templateVars" text NOT NULL, "templateKey" varchar(100), "scheduledAt" datetime, "scheduledLocal" varchar(16), "timezone" varchar(64) NOT NULL, "campaign" varchar(100), "tags" text NOT NULL, "version" integer NOT NULL DEFAULT (1), "authorId" varchar(36) NOT NULL, "contributorIds" text NOT NULL, "findings" text NOT NULL, "verdict" varchar(10), "submittedAt" datetime, "markNote" text, "origin" varchar(20) NOT NULL DEFAULT (\'person\'), "deletedAt" datetime)',
    );
    await queryRunner.query(
      'INSERT INTO "posts"("id", "createdAt", "updatedAt", "practiceId", "status", "baseText", "variants", "media", "templateVars", "templateKey", "scheduledAt", "scheduledLocal", "timezone", "campaign", "tags", "version", "authorId", "contributorIds", "findings", "verdict", "submittedAt", "markNote", "origin", "deletedAt") SELECT "id", "createdAt", "updatedAt", "practiceId", "status", "baseText", "variants", "media", "templateVars", "templateKey", "scheduledAt", "scheduledLocal", "timezone", "campaign", "tags", "version", "authorId", "contributorIds", "findings", "verdict", "submittedAt", "markNote", "origin", "deletedAt" FROM "temporary_posts"',
    );
    await queryRunner.query('DROP TABLE "temporary_posts"');
    await queryRunner.query('CREATE INDEX "ix_posts_practice_campaign" ON "posts" ("campaign") ');
    await queryRunner.query(
      'CREATE INDEX "ix_posts_practice_status_scheduled" ON "posts" ("practiceId", "status", "scheduledAt") ',
    );
    await queryRunner.query('CREATE INDEX "ix_posts_practice_scheduled" ON "posts" ("practiceId", "scheduledAt") ');
  }
}
