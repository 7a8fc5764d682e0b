import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchemaSqlite1795622650700 implements MigrationInterface {
  name = 'InitialSchemaSqlite1795622650700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_entries" ("id" varchar(36) PRIMARY KEY NOT NULL, "practiceId" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" datetime NOT NULL, "actorId" varchar(36), "actorLabel" varchar(254) NOT NULL, "action" varchar(64) NOT NULL, "entityType" varchar(40) NOT NULL, "entityId" varchar(64), "beforeHash" varchar(64), "afterHash" varchar(64), "details" text NOT NULL, "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_practice_at" ON "audit_entries" ("practiceId", "at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_audit_practice_seq" ON "audit_entries" ("practiceId", "seq") ');
    await queryRunner.query(
      'CREATE TABLE "audit_heads" ("practiceId" varchar(36) PRIMARY KEY NOT NULL, "seq" integer NOT NULL, "lastHash" varchar(64) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "practices" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "name" varchar(200) NOT NULL, "timezone" varchar(64) NOT NULL, "profile" text NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255), "roles" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "inviteTokenHash" varchar(64), "inviteExpiresAt" datetime, "lastLoginAt" datetime, "sessionVersion" integer NOT NULL DEFAULT (1))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email") ');
    await queryRunner.query('CREATE INDEX "ix_users_practice" ON "users" ("practiceId") ');
    await queryRunner.query('DROP INDEX "ux_users_email"');
    await queryRunner.query('DROP INDEX "ix_users_practice"');
    await queryRunner.query(
      'CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255), "roles" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "inviteTokenHash" varchar(64), "inviteExpiresAt" datetime, "lastLoginAt" datetime, "sessionVersion" integer NOT NULL DEFAULT (1), CONSTRAINT "FK_baf4efb3a6bddfd99ed06c22456" FOREIGN KEY ("practiceId") REFERENCES "practices" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_users"("id", "createdAt", "updatedAt", "practiceId", "email", "name", "passwordHash", "roles", "active", "inviteTokenHash", "inviteExpiresAt", "lastLoginAt", "sessionVersion") SELECT "id", "createdAt", "updatedAt", "practiceId", "email", "name", "passwordHash", "roles", "active", "inviteTokenHash", "inviteExpiresAt", "lastLoginAt", "sessionVersion" FROM "users"',
    );
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('ALTER TABLE "temporary_users" RENAME TO "users"');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email") ');
    await queryRunner.query('CREATE INDEX "ix_users_practice" ON "users" ("practiceId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_users_practice"');
    await queryRunner.query('DROP INDEX "ux_users_email"');
    await queryRunner.query('ALTER TABLE "users" RENAME TO "temporary_users"');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255), "roles" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "inviteTokenHash" varchar(64), "inviteExpiresAt" datetime, "lastLoginAt" datetime, "sessionVersion" integer NOT NULL DEFAULT (1))',
    );
    await queryRunner.query(
      'INSERT INTO "users"("id", "createdAt", "updatedAt", "practiceId", "email", "name", "passwordHash", "roles", "active", "inviteTokenHash", "inviteExpiresAt", "lastLoginAt", "sessionVersion") SELECT "id", "createdAt", "updatedAt", "practiceId", "email", "name", "passwordHash", "roles", "active", "inviteTokenHash", "inviteExpiresAt", "lastLoginAt", "sessionVersion" FROM "temporary_users"',
    );
    await queryRunner.query('DROP TABLE "temporary_users"');
    await queryRunner.query('CREATE INDEX "ix_users_practice" ON "users" ("practiceId") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email") ');
    await queryRunner.query('DROP INDEX "ix_users_practice"');
    await queryRunner.query('DROP INDEX "ux_users_email"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "practices"');
    await queryRunner.query('DROP TABLE "audit_heads"');
    await queryRunner.query('DROP INDEX "ux_audit_practice_seq"');
    await queryRunner.query('DROP INDEX "ix_audit_practice_at"');
    await queryRunner.query('DROP TABLE "audit_entries"');
  }
}
