import { MigrationInterface, QueryRunner } from 'typeorm';

export class PracticeTemplatesPostgres1795623756120 implements MigrationInterface {
  name = 'PracticeTemplatesPostgres1795623756120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "practice_templates" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "key" character varying(100) NOT NULL, "definition" jsonb NOT NULL, "createdById" character varying(36) NOT NULL, CONSTRAINT "PK_05fdf02c32173ae45d71b5f71be" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ux_practice_templates_key" ON "practice_templates" ("practiceId", "key") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_practice_templates_key"');
    await queryRunner.query('DROP TABLE "practice_templates"');
  }
}
