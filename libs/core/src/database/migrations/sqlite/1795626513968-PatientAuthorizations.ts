import { MigrationInterface, QueryRunner } from 'typeorm';

export class PatientAuthorizationsSqlite1795626513968 implements MigrationInterface {
  name = 'PatientAuthorizationsSqlite1795626513968';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "patient_authorizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "patientName" varchar(200) NOT NULL, "uses" text NOT NULL, "signedAt" datetime NOT NULL, "expiresAt" datetime, "documentRef" varchar(500) NOT NULL, "recordedById" varchar(36) NOT NULL, "revokedAt" datetime)',
    );
    await queryRunner.query('CREATE INDEX "ix_authorizations_practice" ON "patient_authorizations" ("practiceId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_authorizations_practice"');
    await queryRunner.query('DROP TABLE "patient_authorizations"');
  }
}
