import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchemaPostgres1795622650700 implements MigrationInterface {
  name = 'InitialSchemaPostgres1795622650700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_entries" ("id" character varying(36) NOT NULL, "practiceId" character varying(36) NOT NULL, "seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actorId" character varying(36), "actorLabel" character varying(254) NOT NULL, "action" character varying(64) NOT NULL, "entityType" character varying(40) NOT NULL, "entityId" character varying(64), "beforeHash" character varying(64), "afterHash" character varying(64), "details" jsonb NOT NULL, "prevHash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_practice_at" ON "audit_entries" ("practiceId", "at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_audit_practice_seq" ON "audit_entries" ("practiceId", "seq") ');
    await queryRunner.query(
      'CREATE TABLE "audit_heads" ("practiceId" character varying(36) NOT NULL, "seq" integer NOT NULL, "lastHash" character varying(64) NOT NULL, CONSTRAINT "PK_bff732bace1679287b0784df162" PRIMARY KEY ("practiceId"))',
    );
    await queryRunner.query(
      'CREATE TABLE "practices" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200) NOT NULL, "timezone" character varying(64) NOT NULL, "profile" jsonb NOT NULL, CONSTRAINT "PK_0934829c5859a843625e6ff1c34" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "passwordHash" character varying(255), "roles" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "inviteTokenHash" character varying(64), "inviteExpiresAt" TIMESTAMP WITH TIME ZONE, "lastLoginAt" TIMESTAMP WITH TIME ZONE, "sessionVersion" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email") ');
    await queryRunner.query('CREATE INDEX "ix_users_practice" ON "users" ("practiceId") ');
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "FK_baf4efb3a6bddfd99ed06c22456" FOREIGN KEY ("practiceId") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "FK_baf4efb3a6bddfd99ed06c22456"');
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
