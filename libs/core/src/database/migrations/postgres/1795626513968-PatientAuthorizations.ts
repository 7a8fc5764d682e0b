import { MigrationInterface, QueryRunner } from 'typeorm';

export class PatientAuthorizationsPostgres1795626513968 implements MigrationInterface {
  name = 'PatientAuthorizationsPostgres1795626513968';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "patient_authorizations" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "patientName" character varying(200) NOT NULL, "uses" jsonb NOT NULL, "signedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE, "documentRef" character varying(500) NOT NULL, "recordedById" character varying(36) NOT NULL, "revokedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a39cdceb443580eae63693c3d04" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_authorizations_practice" ON "patient_authorizations" ("practiceId") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_authorizations_practice"');
    await queryRunner.query('DROP TABLE "patient_authorizations"');
  }
}
