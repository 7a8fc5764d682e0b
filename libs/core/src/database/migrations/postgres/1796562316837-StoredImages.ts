import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoredImagesPostgres1796562316837 implements MigrationInterface {
  name = 'StoredImagesPostgres1796562316837';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "stored_images" ("id" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "practiceId" character varying(36) NOT NULL, "format" character varying(10) NOT NULL, "mimeType" character varying(40) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "size" integer NOT NULL, "sha256" character varying(64) NOT NULL, "source" character varying(10) NOT NULL, "unreferencedSince" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d942ac1f408382a8ccf8c7fa89e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_stored_images_practice_unreferenced" ON "stored_images" ("practiceId", "unreferencedSince") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_stored_images_practice_unreferenced"');
    await queryRunner.query('DROP TABLE "stored_images"');
  }
}
