import { MigrationInterface, QueryRunner } from 'typeorm';

export class PracticeTemplatesSqlite1795623756120 implements MigrationInterface {
  name = 'PracticeTemplatesSqlite1795623756120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "practice_templates" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "key" varchar(100) NOT NULL, "definition" text NOT NULL, "createdById" varchar(36) NOT NULL)',
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
