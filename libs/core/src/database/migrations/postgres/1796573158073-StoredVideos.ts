import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoredVideosPostgres1796573158073 implements MigrationInterface {
  name = 'StoredVideosPostgres1796573158073';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stored_images" ADD "kind" character varying(10) NOT NULL DEFAULT \'image\'');
    await queryRunner.query('ALTER TABLE "stored_images" ADD "durationMs" integer');
    await queryRunner.query('ALTER TABLE "stored_images" ADD "codec" character varying(20)');
    await queryRunner.query('ALTER TABLE "stored_images" ADD "frameRate" double precision');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stored_images" DROP COLUMN "frameRate"');
    await queryRunner.query('ALTER TABLE "stored_images" DROP COLUMN "codec"');
    await queryRunner.query('ALTER TABLE "stored_images" DROP COLUMN "durationMs"');
    await queryRunner.query('ALTER TABLE "stored_images" DROP COLUMN "kind"');
  }
}
