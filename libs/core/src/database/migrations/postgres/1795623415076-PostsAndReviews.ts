import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostsAndReviewsPostgres1795623415076 implements MigrationInterface {
  name = 'PostsAndReviewsPostgres1795623415076';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "social_accounts" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "network" character varying(16) NOT NULL, "externalId" character varying(100) NOT NULL, "name" character varying(200) NOT NULL, "handle" character varying(100), "status" character varying(20) NOT NULL DEFAULT \'connected\', "accessTokenEnc" text, "refreshTokenEnc" text, "tokenExpiresAt" TIMESTAMP WITH TIME ZONE, "refreshTokenExpiresAt" TIMESTAMP WITH TIME ZONE, "lastPublishedAt" TIMESTAMP WITH TIME ZONE, "lastError" text, "lastErrorAt" TIMESTAMP WITH TIME ZONE, "cadence" jsonb, "evergreenFill" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_e9e58d2d8e9fafa20af914d9750" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_accounts_practice_network_external" ON "social_accounts" ("practiceId", "network", "externalId") ',
    );
    await queryRunner.query('CREATE INDEX "ix_accounts_practice" ON "social_accounts" ("practiceId") ');
    await queryRunner.query(
      'CREATE TABLE "posts" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "status" character varying(20) NOT NULL, "baseText" text NOT NULL, "variants" jsonb NOT NULL, "media" jsonb NOT NULL, "templateVars" jsonb NOT NULL, "templateKey" character varying(100), "scheduledAt" TIMESTAMP WITH TIME ZONE, "scheduledLocal" character varying(16), "timezone" character varying(64) NOT NULL, "campaign" character varying(100), "tags" jsonb NOT NULL, "version" integer NOT NULL DEFAULT \'1\', "authorId" character varying(36) NOT NULL, "contributorIds" jsonb NOT NULL, "findings" jsonb NOT NULL, "verdict" character varying(10), "submittedAt" TIMESTAMP WITH TIME ZONE, "markNote" text, "origin" character varying(20) NOT NULL DEFAULT \'person\', "deletedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_posts_practice_campaign" ON "posts" ("campaign") ');
    await queryRunner.query(
      'CREATE INDEX "ix_posts_practice_status_scheduled" ON "posts" ("practiceId", "status", "scheduledAt") ',
    );
    await queryRunner.query('CREATE INDEX "ix_posts_practice_scheduled" ON "posts" ("practiceId", "scheduledAt") ');
    await queryRunner.query(
      'CREATE TABLE "post_targets" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "postId" character varying(36) NOT NULL, "accountId" character varying(36) NOT NULL, "network" character varying(16) NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'pending\', "dueAt" TIMESTAMP WITH TIME ZONE, "approvedHash" character varying(64), "externalId" character varying(200), "url" character varying(500), "publishedAt" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "lastErrorKind" character varying(40), "lastError" text, "nextAttemptAt" TIMESTAMP WITH TIME ZONE, "claimedBy" character varying(100), "leaseUntil" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ab5ca61ef403b13ea38f944bd92" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_targets_post_account" ON "post_targets" ("postId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_status_due" ON "post_targets" ("status", "dueAt") ');
    await queryRunner.query('CREATE INDEX "ix_targets_account" ON "post_targets" ("practiceId", "accountId") ');
    await queryRunner.query('CREATE INDEX "ix_targets_post" ON "post_targets" ("postId") ');
    await queryRunner.query(
      'CREATE TABLE "post_comments" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "postId" character varying(36) NOT NULL, "authorId" character varying(36) NOT NULL, "authorName" character varying(200) NOT NULL, "body" text NOT NULL, "decision" character varying(20), CONSTRAINT "PK_2e99e04b4a1b31de6f833c18ced" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_comments_post" ON "post_comments" ("practiceId", "postId", "createdAt") ',
    );
    await queryRunner.query(
      'CREATE TABLE "reviews" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "postId" character varying(36) NOT NULL, "reviewerId" character varying(36) NOT NULL, "decision" character varying(20) NOT NULL, "comment" text, "postVersion" integer NOT NULL, "contentHash" character varying(64), "targetHashes" jsonb NOT NULL, "overrides" jsonb NOT NULL, "authorizationIds" jsonb NOT NULL, "voidedAt" TIMESTAMP WITH TIME ZONE, "voidReason" text, CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_reviews_post" ON "reviews" ("practiceId", "postId") ');
    await queryRunner.query(
      'ALTER TABLE "post_targets" ADD CONSTRAINT "FK_65bd62319c8a8fb743d64e2f3ca" FOREIGN KEY ("postId") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "post_targets" DROP CONSTRAINT "FK_65bd62319c8a8fb743d64e2f3ca"');
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
