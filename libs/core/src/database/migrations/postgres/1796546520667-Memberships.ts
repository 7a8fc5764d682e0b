// One person in several practices: each user's practice, roles, active flag, pending invitation and calendar feed
// move into a membership row (the membership takes the user's id, so every existing user gets exactly one). A
// pending admin-issued reset link (a user who already had a password) stays on the user as its reset token.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class MembershipsPostgres1796546520667 implements MigrationInterface {
  name = 'MembershipsPostgres1796546520667';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "memberships" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "userId" character varying(36) NOT NULL, "roles" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "acceptedAt" TIMESTAMP WITH TIME ZONE, "invitedName" character varying(200), "inviteTokenHash" character varying(64), "inviteExpiresAt" TIMESTAMP WITH TIME ZONE, "calendarFeedTokenHash" character varying(64), "lastUsedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'INSERT INTO "memberships" ("id", "createdAt", "updatedAt", "practiceId", "userId", "roles", "active", "acceptedAt", "invitedName", "inviteTokenHash", "inviteExpiresAt", "calendarFeedTokenHash", "lastUsedAt") ' +
        'SELECT "id", "createdAt", "updatedAt", "practiceId", "id", "roles", "active", ' +
        'CASE WHEN "passwordHash" IS NULL THEN NULL ELSE "createdAt" END, ' +
        'CASE WHEN "passwordHash" IS NULL THEN "name" END, ' +
        'CASE WHEN "passwordHash" IS NULL THEN "inviteTokenHash" END, ' +
        'CASE WHEN "passwordHash" IS NULL THEN "inviteExpiresAt" END, ' +
        '"calendarFeedTokenHash", "lastLoginAt" FROM "users"',
    );
    await queryRunner.query('ALTER TABLE "users" ADD "resetTokenHash" character varying(64)');
    await queryRunner.query('ALTER TABLE "users" ADD "resetExpiresAt" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'UPDATE "users" SET "resetTokenHash" = "inviteTokenHash", "resetExpiresAt" = "inviteExpiresAt" WHERE "passwordHash" IS NOT NULL AND "inviteTokenHash" IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "FK_baf4efb3a6bddfd99ed06c22456"');
    await queryRunner.query('DROP INDEX "ix_users_practice"');
    await queryRunner.query('DROP INDEX "ux_users_feed_token"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "roles"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "active"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "inviteExpiresAt"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "practiceId"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "inviteTokenHash"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "calendarFeedTokenHash"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_reset_token" ON "users" ("resetTokenHash") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_memberships_invite_token" ON "memberships" ("inviteTokenHash") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_memberships_feed_token" ON "memberships" ("calendarFeedTokenHash") ',
    );
    await queryRunner.query('CREATE INDEX "ix_memberships_practice" ON "memberships" ("practiceId") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_memberships_user_practice" ON "memberships" ("userId", "practiceId") ',
    );
    await queryRunner.query(
      'ALTER TABLE "memberships" ADD CONSTRAINT "FK_68d74630b586f7e210aaf84fbfa" FOREIGN KEY ("practiceId") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "memberships" ADD CONSTRAINT "FK_187d573e43b2c2aa3960df20b78" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  /** Back to one practice per user: each keeps the membership used last; people in no practice are removed. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_users_reset_token"');
    await queryRunner.query('ALTER TABLE "users" ADD "practiceId" character varying(36)');
    await queryRunner.query('ALTER TABLE "users" ADD "roles" jsonb');
    await queryRunner.query('ALTER TABLE "users" ADD "active" boolean NOT NULL DEFAULT true');
    await queryRunner.query('ALTER TABLE "users" ADD "inviteTokenHash" character varying(64)');
    await queryRunner.query('ALTER TABLE "users" ADD "inviteExpiresAt" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "users" ADD "calendarFeedTokenHash" character varying(64)');
    await queryRunner.query(
      'UPDATE "users" u SET "practiceId" = m."practiceId", "roles" = m."roles", "active" = m."active", ' +
        '"inviteTokenHash" = COALESCE(m."inviteTokenHash", u."resetTokenHash"), "inviteExpiresAt" = COALESCE(m."inviteExpiresAt", u."resetExpiresAt"), ' +
        '"calendarFeedTokenHash" = m."calendarFeedTokenHash" ' +
        'FROM (SELECT DISTINCT ON ("userId") * FROM "memberships" ORDER BY "userId", "lastUsedAt" DESC NULLS LAST, "createdAt") m ' +
        'WHERE m."userId" = u."id"',
    );
    await queryRunner.query('DELETE FROM "users" WHERE "practiceId" IS NULL');
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "practiceId" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "roles" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "resetExpiresAt"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "resetTokenHash"');
    await queryRunner.query('DROP TABLE "memberships"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_feed_token" ON "users" ("calendarFeedTokenHash") ');
    await queryRunner.query('CREATE INDEX "ix_users_practice" ON "users" ("practiceId") ');
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "FK_baf4efb3a6bddfd99ed06c22456" FOREIGN KEY ("practiceId") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }
}
