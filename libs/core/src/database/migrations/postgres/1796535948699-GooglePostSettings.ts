import { MigrationInterface, QueryRunner } from 'typeorm';

export class GooglePostSettingsPostgres1796535948699 implements MigrationInterface {
  name = 'GooglePostSettingsPostgres1796535948699';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "posts" ADD "googlePost" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "posts" DROP COLUMN "googlePost"');
  }
}
