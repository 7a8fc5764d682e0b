import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxRepliesPostgres1796547242897 implements MigrationInterface {
  name = 'InboxRepliesPostgres1796547242897';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox_replies" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "commentId" character varying(36) NOT NULL, "accountId" character varying(36) NOT NULL, "network" character varying(16) NOT NULL, "text" text NOT NULL, "textHash" character varying(64) NOT NULL, "status" character varying(20) NOT NULL, "verdict" character varying(8) NOT NULL, "findings" jsonb NOT NULL, "authorId" character varying(36) NOT NULL, "contributorIds" jsonb NOT NULL, "approvedHash" character varying(64), "approvedById" character varying(36), "approvedAt" TIMESTAMP WITH TIME ZONE, "reviewNote" text, "claimToken" character varying(36), "leaseUntil" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "nextAttemptAt" TIMESTAMP WITH TIME ZONE, "externalId" character varying(200), "sentAt" TIMESTAMP WITH TIME ZONE, "lastError" text, CONSTRAINT "PK_b3cec0e38d5d925e0d5120f8c84" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_inbox_replies_due" ON "inbox_replies" ("status", "nextAttemptAt") ');
    await queryRunner.query('CREATE INDEX "ix_inbox_replies_comment" ON "inbox_replies" ("practiceId", "commentId") ');
    await queryRunner.query('ALTER TABLE "inbox_settings" ADD "trustedReplierIds" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "inbox_settings" DROP COLUMN "trustedReplierIds"');
    await queryRunner.query('DROP INDEX "ix_inbox_replies_comment"');
    await queryRunner.query('DROP INDEX "ix_inbox_replies_due"');
    await queryRunner.query('DROP TABLE "inbox_replies"');
  }
}
