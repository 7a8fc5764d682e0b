import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxSqlite1796536196813 implements MigrationInterface {
  name = 'InboxSqlite1796536196813';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox_comments" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "accountId" varchar(36) NOT NULL, "network" varchar(16) NOT NULL, "externalId" varchar(200) NOT NULL, "kind" varchar(12) NOT NULL, "parentExternalId" varchar(200), "threadExternalId" varchar(200) NOT NULL, "postExternalId" varchar(200), "postId" varchar(36), "targetId" varchar(36), "authorExternalId" varchar(100), "authorName" varchar(200) NOT NULL, "authorHandle" varchar(100), "fromPractice" boolean NOT NULL DEFAULT (0), "text" text NOT NULL, "writtenAt" datetime NOT NULL, "source" varchar(10) NOT NULL, "labels" text NOT NULL, "findings" text NOT NULL, "urgent" boolean NOT NULL DEFAULT (0), "status" varchar(12) NOT NULL DEFAULT (\'open\'), "hidden" boolean NOT NULL DEFAULT (0), "removedAt" datetime, "assigneeId" varchar(36), "handledAt" datetime, "handledById" varchar(36))',
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
      'CREATE TABLE "inbox_cursors" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "accountId" varchar(36) NOT NULL, "scope" varchar(220) NOT NULL, "cursor" text, "polledAt" datetime)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_inbox_cursors_scope" ON "inbox_cursors" ("accountId", "scope") ');
    await queryRunner.query(
      'CREATE TABLE "inbox_settings" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "responseMinutes" integer NOT NULL DEFAULT (240), "afterHoursPhone" varchar(40))',
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
