import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostsAndReviewsSqlite1795623415076 implements MigrationInterface {
  name = 'PostsAndReviewsSqlite1795623415076';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "social_accounts" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "network" varchar(16) NOT NULL, "externalId" varchar(100) NOT NULL, "name" varchar(200) NOT NULL, "handle" varchar(100), "status" varchar(20) NOT NULL DEFAULT (\'connected\'), "accessTokenEnc" text, "refreshTokenEnc" text, "tokenExpiresAt" datetime, "refreshTokenExpiresAt" datetime, "lastPublishedAt" datetime, "lastError" text, "lastErrorAt" datetime, "cadence" text, "evergreenFill" boolean NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_accounts_practice_network_external" ON "social_accounts" ("practiceId", "network", "externalId") ',
    );
    await queryRunner.query('CREATE INDEX "ix_accounts_practice" ON "social_accounts" ("practiceId") ');
    await queryRunner.query(
      'CREATE TABLE "posts" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "status" varchar(20) NOT NULL, "baseText" text NOT NULL, "variants" text NOT NULL, "media" text NOT NULL, "templateVars" text NOT NULL, "templateKey" varchar(100), "scheduledAt" datetime, "scheduledLocal" varchar(16), "timezone" varchar(64) NOT NULL, "campaign" varchar(100), "tags" text NOT NULL, "version" integer NOT NULL DEFAULT (1), "authorId" varchar(36) NOT NULL, "contributorIds" text NOT NULL, "findings" text NOT NULL, "verdict" varchar(10), "submittedAt" datetime, "markNote" text, "origin" varchar(20) NOT NULL DEFAULT (\'person\'), "deletedAt" datetime)',
    );
    await queryRunner.query('CREATE INDEX "ix_posts_practice_campaign" ON "posts" ("campaign") ');
    await queryRunner.query(
      'CREATE INDEX "ix_posts_practice_status_scheduled" ON "posts" ("practiceId", "status", "scheduledAt") ',
    );
    await queryRunner.query('CREATE INDEX "ix_posts_practice_scheduled" ON "posts" ("practiceId", "scheduledAt") ');
    await queryRunner.query(
      'CREATE TABLE "post_targets" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "postId" varchar(36) NOT NULL, "accountId" varchar(36) NOT NULL, "network" varchar(16) NOT NULL, "status" varchar(20) NOT NULL DEFAULT (\'pending\'), "dueAt" datetime, "approvedHash" varchar(64), "externalId" varchar(200), "url" varchar(500), "publishedAt" datetime, "attempts" integer NOT NULL DEFAULT (0), "lastErrorKind" varchar(40), "lastError" text, "nextAttemptAt" datetime, "claimedBy" varchar(100), "leaseUntil" datetime)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_targets_post_account" ON "post_targets" ("postId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_status_due" ON "post_targets" ("status", "dueAt") ');
    await queryRunner.query('CREATE INDEX "ix_targets_account" ON "post_targets" ("practiceId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_post" ON "post_targets" ("postId") ');
    await queryRunner.query(
      'CREATE TABLE "post_comments" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "postId" varchar(36) NOT NULL, "authorId" varchar(36) NOT NULL, "authorName" varchar(200) NOT NULL, "body" text NOT NULL, "decision" varchar(20))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_comments_post" ON "post_comments" ("practiceId", "postId", "createdAt") ',
    );
    await queryRunner.query(
      'CREATE TABLE "reviews" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "postId" varchar(36) NOT NULL, "reviewerId" varchar(36) NOT NULL, "decision" varchar(20) NOT NULL, "comment" text, "postVersion" integer NOT NULL, "contentHash" varchar(64), "targetHashes" text NOT NULL, "overrides" text NOT NULL, "authorizationIds" text NOT NULL, "voidedAt" datetime, "voidReason" text)',
    );
    await queryRunner.query('CREATE INDEX "ix_reviews_post" ON "reviews" ("practiceId", "postId") ');
    await queryRunner.query('DROP INDEX "ux_targets_post_account"');
    await queryRunner.query('DROP INDEX "ix_targets_status_due"');
    await queryRunner.query('DROP INDEX "ix_targets_account"');
    await queryRunner.query('DROP INDEX "ix_targets_post"');
    await queryRunner.query(
      'CREATE TABLE "temporary_post_targets" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "postId" varchar(36) NOT NULL, "accountId" varchar(36) NOT NULL, "network" varchar(16) NOT NULL, "status" varchar(20) NOT NULL DEFAULT (\'pending\'), "dueAt" datetime, "approvedHash" varchar(64), "externalId" varchar(200), "url" varchar(500), "publishedAt" datetime, "attempts" integer NOT NULL DEFAULT (0), "lastErrorKind" varchar(40), "lastError" text, "nextAttemptAt" datetime, "claimedBy" varchar(100), "leaseUntil" datetime, CONSTRAINT "FK_65bd62319c8a8fb743d64e2f3ca" FOREIGN KEY ("postId") REFERENCES "posts" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_post_targets"("id", "createdAt", "updatedAt", "practiceId", "postId", "accountId", "network", "status", "dueAt", "approvedHash", "externalId", "url", "publishedAt", "attempts", "lastErrorKind", "lastError", "nextAttemptAt", "claimedBy", "leaseUntil") SELECT "id", "createdAt", "updatedAt", "practiceId", "postId", "accountId", "network", "status", "dueAt", "approvedHash", "externalId", "url", "publishedAt", "attempts", "lastErrorKind", "lastError", "nextAttemptAt", "claimedBy", "leaseUntil" FROM "post_targets"',
    );
    await queryRunner.query('DROP TABLE "post_targets"');
    await queryRunner.query('ALTER TABLE "temporary_post_targets" RENAME TO "post_targets"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_targets_post_account" ON "post_targets" ("postId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_status_due" ON "post_targets" ("status", "dueAt") ');
    await queryRunner.query('CREATE INDEX "ix_targets_account" ON "post_targets" ("practiceId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_post" ON "post_targets" ("postId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_targets_post"');
    await queryRunner.query('DROP INDEX "ix_targets_account"');
    await queryRunner.query('DROP INDEX "ix_targets_status_due"');
    await queryRunner.query('DROP INDEX "ux_targets_post_account"');
    await queryRunner.query('ALTER TABLE "post_targets" RENAME TO "temporary_post_targets"');
    await queryRunner.query(
      'CREATE TABLE "post_targets" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "postId" varchar(36) NOT NULL, "accountId" varchar(36) NOT NULL, "network" varchar(16) NOT NULL, "status" varchar(20) NOT NULL DEFAULT (\'pending\'), "dueAt" datetime, "approvedHash" varchar(64), "externalId" varchar(200), "url" varchar(500), "publishedAt" datetime, "attempts" integer NOT NULL DEFAULT (0), "lastErrorKind" varchar(40), "lastError" text, "nextAttemptAt" datetime, "claimedBy" varchar(100), "leaseUntil" datetime)',
    );
    await queryRunner.query(
      'INSERT INTO "post_targets"("id", "createdAt", "updatedAt", "practiceId", "postId", "accountId", "network", "status", "dueAt", "approvedHash", "externalId", "url", "publishedAt", "attempts", "lastErrorKind", "lastError", "nextAttemptAt", "claimedBy", "leaseUntil") SELECT "id", "createdAt", "updatedAt", "practiceId", "postId", "accountId", "network", "status", "dueAt", "approvedHash", "externalId", "url", "publishedAt", "attempts", "lastErrorKind", "lastError", "nextAttemptAt", "claimedBy", "leaseUntil" FROM "temporary_post_targets"',
    );
    await queryRunner.query('DROP TABLE "temporary_post_targets"');
    await queryRunner.query('CREATE INDEX "ix_targets_post" ON "post_targets" ("postId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_account" ON "post_targets" ("practiceId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_status_due" ON "post_targets" ("status", "dueAt") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_targets_post_account" ON "post_targets" ("postId", "accountId") ');
    await queryRunner.query('DROP INDEX "ix_reviews_post"');
    await queryRunner.query('DROP TABLE "reviews"');
    await queryRunner.query('DROP INDEX "ix_comments_post"');
    await queryRunner.query('DROP TABLE "post_comments"');
    await queryRunner.query('DROP INDEX "ix_targets_post"');
    await queryRunner.query('DROP INDEX "ix_targets_account"');
    await queryRunner.query('DROP INDEX "ix_targets_status_due"');
    await queryRunner.query('DROP INDEX "ux_targets_post_account"');
    await queryRunner.query('DROP TABLE "post_targets"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_scheduled"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_status_scheduled"');
    await queryRunner.query('DROP INDEX "ix_posts_practice_campaign"');
    await queryRunner.query('DROP TABLE "posts"');
    await queryRunner.query('DROP INDEX "ix_accounts_practice"');
    await queryRunner.query('DROP INDEX "ux_accounts_practice_network_external"');
    await queryRunner.query('DROP TABLE "social_accounts"');
  }
}
