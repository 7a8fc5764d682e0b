// One person in several practices: each user's practice, roles, active flag, pending invitation and calendar feed
// move into a membership row (the membership takes the user's id, so every existing user gets exactly one). A
// pending admin-issued reset link (a user who already had a password) stays on the user as its reset token.
// SQLite cannot drop columns with constraints, so the old table is renamed, copied from, and dropped.
import { MigrationInterface, QueryRunner } from 'typeorm';

const MEMBERSHIPS =
  'CREATE TABLE "memberships" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "userId" varchar(36) NOT NULL, "roles" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "acceptedAt" datetime, "invitedName" varchar(200), "inviteTokenHash" varchar(64), "inviteExpiresAt" datetime, "calendarFeedTokenHash" varchar(64), "lastUsedAt" datetime, CONSTRAINT "FK_68d74630b586f7e210aaf84fbfa" FOREIGN KEY ("practiceId") REFERENCES "practices" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_187d573e43b2c2aa3960df20b78" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)';

export class MembershipsSqlite1796546520667 implements MigrationInterface {
  name = 'MembershipsSqlite1796546520667';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_users_feed_token"');
    await queryRunner.query('DROP INDEX "ux_users_email"');
    await queryRunner.query('DROP INDEX "ix_users_practice"');
    await queryRunner.query('ALTER TABLE "users" RENAME TO "legacy_users"');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255), "resetTokenHash" varchar(64), "resetExpiresAt" datetime, "lastLoginAt" datetime, "sessionVersion" integer NOT NULL DEFAULT (1))',
    );
    await queryRunner.query(
      'INSERT INTO "users" ("id", "createdAt", "updatedAt", "email", "name", "passwordHash", "resetTokenHash", "resetExpiresAt", "lastLoginAt", "sessionVersion") ' +
        'SELECT "id", "createdAt", "updatedAt", "email", "name", "passwordHash", ' +
        'CASE WHEN "passwordHash" IS NOT NULL THEN "inviteTokenHash" END, ' +
        'CASE WHEN "passwordHash" IS NOT NULL THEN "inviteExpiresAt" END, ' +
        '"lastLoginAt", "sessionVersion" FROM "legacy_users"',
    );
    await queryRunner.query(MEMBERSHIPS);
    await queryRunner.query(
      'INSERT INTO "memberships" ("id", "createdAt", "updatedAt", "practiceId", "userId", "roles", "active", "acceptedAt", "invitedName", "inviteTokenHash", "inviteExpiresAt", "calendarFeedTokenHash", "lastUsedAt") ' +
        'SELECT "id", "createdAt", "updatedAt", "practiceId", "id", "roles", "active", ' +
        'CASE WHEN "passwordHash" IS NULL THEN NULL ELSE "createdAt" END, ' +
        'CASE WHEN "passwordHash" IS NULL THEN "name" END, ' +
        'CASE WHEN "passwordHash" IS NULL THEN "inviteTokenHash" END, ' +
        'CASE WHEN "passwordHash" IS NULL THEN "inviteExpiresAt" END, ' +
        '"calendarFeedTokenHash", "lastLoginAt" FROM "legacy_users"',
    );
    await queryRunner.query('DROP TABLE "legacy_users"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_reset_token" ON "users" ("resetTokenHash") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_memberships_invite_token" ON "memberships" ("inviteTokenHash") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_memberships_feed_token" ON "memberships" ("calendarFeedTokenHash") ',
    );
    await queryRunner.query('CREATE INDEX "ix_memberships_practice" ON "memberships" ("practiceId") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_memberships_user_practice" ON "memberships" ("userId", "practiceId") ',
    );
  }

  /** Back to one practice per user: each keeps the membership used last; people in no practice are removed. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_users_reset_token"');
    await queryRunner.query('DROP INDEX "ux_users_email"');
    await queryRunner.query('ALTER TABLE "users" RENAME TO "person_users"');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255), "roles" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "inviteTokenHash" varchar(64), "inviteExpiresAt" datetime, "lastLoginAt" datetime, "sessionVersion" integer NOT NULL DEFAULT (1), "calendarFeedTokenHash" varchar(64), CONSTRAINT "FK_baf4efb3a6bddfd99ed06c22456" FOREIGN KEY ("practiceId") REFERENCES "practices" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "users" ("id", "createdAt", "updatedAt", "practiceId", "email", "name", "passwordHash", "roles", "active", "inviteTokenHash", "inviteExpiresAt", "lastLoginAt", "sessionVersion", "calendarFeedTokenHash") ' +
        'SELECT u."id", u."createdAt", u."updatedAt", m."practiceId", u."email", u."name", u."passwordHash", m."roles", m."active", ' +
        'COALESCE(m."inviteTokenHash", u."resetTokenHash"), COALESCE(m."inviteExpiresAt", u."resetExpiresAt"), u."lastLoginAt", u."sessionVersion", m."calendarFeedTokenHash" ' +
        'FROM "person_users" u JOIN "memberships" m ON m."id" = (SELECT "id" FROM "memberships" WHERE "userId" = u."id" ORDER BY "lastUsedAt" IS NULL, "lastUsedAt" DESC, "createdAt" LIMIT 1)',
    );
    await queryRunner.query('DROP TABLE "memberships"');
    await queryRunner.query('DROP TABLE "person_users"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email") ');
    await queryRunner.query('CREATE INDEX "ix_users_practice" ON "users" ("practiceId") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_feed_token" ON "users" ("calendarFeedTokenHash") ');
  }
}
