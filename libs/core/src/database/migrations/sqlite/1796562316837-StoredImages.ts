import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoredImagesSqlite1796562316837 implements MigrationInterface {
  name = 'StoredImagesSqlite1796562316837';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "stored_images" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "format" varchar(10) NOT NULL, "mimeType" varchar(40) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "size" integer NOT NULL, "sha256" varchar(64) NOT NULL, "source" varchar(10) NOT NULL, "unreferencedSince" datetime)',
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
