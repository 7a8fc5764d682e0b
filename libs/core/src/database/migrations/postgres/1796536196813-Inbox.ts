import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxPostgres1796536196813 implements MigrationInterface {
  name = 'InboxPostgres1796536196813';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox_comments" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "accountId" character varying(36) NOT NULL, "network" character varying(16) NOT NULL, "externalId" character varying(200) NOT NULL, "kind" character varying(12) NOT NULL, "parentExternalId" character varying(200), "threadExternalId" character varying(200) NOT NULL, "postExternalId" character varying(200), "postId" character varying(36), "targetId" character varying(36), "authorExternalId" character varying(100), "authorName" character varying(200) NOT NULL, "authorHandle" character varying(100), "fromPractice" boolean NOT NULL DEFAULT false, "text" text NOT NULL, "writtenAt" TIMESTAMP WITH TIME ZONE NOT NULL, "source" character varying(10) NOT NULL, "labels" jsonb NOT NULL, "findings" jsonb NOT NULL, "urgent" boolean NOT NULL DEFAULT false, "status" character varying(12) NOT NULL DEFAULT \'open\', "hidden" boolean NOT NULL DEFAULT false, "removedAt" TIMESTAMP WITH TIME ZONE, "assigneeId" character varying(36), "handledAt" TIMESTAMP WITH TIME ZONE, "handledById" character varying(36), CONSTRAINT "PK_c52313183a29e37c16ee6e0ca76" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_inbox_comments_thread" ON "inbox_comments" ("practiceId", "threadExternalId") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_inbox_comments_queue" ON "inbox_comments" ("practiceId", "status", "urgent", "writtenAt") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_inbox_comments_network_id" ON "inbox_comments" ("practiceId", "network", "externalId") ',
    );
    await queryRunner.query(
      'CREATE TABLE "inbox_cursors" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "accountId" character varying(36) NOT NULL, "scope" character varying(220) NOT NULL, "cursor" text, "polledAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5db02b136c870cc5ec6bd82a175" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_inbox_cursors_scope" ON "inbox_cursors" ("accountId", "scope") ');
    await queryRunner.query(
      'CREATE TABLE "inbox_settings" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "responseMinutes" integer NOT NULL DEFAULT \'240\', "afterHoursPhone" character varying(40), CONSTRAINT "PK_2e18fb5f80920b407d19a5dd3d7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_inbox_settings_practice" ON "inbox_settings" ("practiceId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_inbox_settings_practice"');
    await queryRunner.query('DROP TABLE "inbox_settings"');
    await queryRunner.query('DROP INDEX "ux_inbox_cursors_scope"');
    await queryRunner.query('DROP TABLE "inbox_cursors"');
    await queryRunner.query('DROP INDEX "ux_inbox_comments_network_id"');
    await queryRunner.query('DROP INDEX "ix_inbox_comments_queue"');
    await queryRunner.query('DROP INDEX "ix_inbox_comments_thread"');
    await queryRunner.query('DROP TABLE "inbox_comments"');
  }
}
