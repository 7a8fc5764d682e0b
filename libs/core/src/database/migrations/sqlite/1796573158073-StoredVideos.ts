import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoredVideosSqlite1796573158073 implements MigrationInterface {
  name = 'StoredVideosSqlite1796573158073';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_stored_images_practice_unreferenced"');
    await queryRunner.query(
      'CREATE TABLE "temporary_stored_images" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "format" varchar(10) NOT NULL, "mimeType" varchar(40) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "size" integer NOT NULL, "sha256" varchar(64) NOT NULL, "source" varchar(10) NOT NULL, "unreferencedSince" datetime, "kind" varchar(10) NOT NULL DEFAULT (\'image\'), "durationMs" integer, "codec" varchar(20), "frameRate" float)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_stored_images"("id", "createdAt", "updatedAt", "practiceId", "format", "mimeType", "width", "height", "size", "sha256", "source", "unreferencedSince") SELECT "id", "createdAt", "updatedAt", "practiceId", "format", "mimeType", "width", "height", "size", "sha256", "source", "unreferencedSince" FROM "stored_images"',
    );
    await queryRunner.query('DROP TABLE "stored_images"');
    await queryRunner.query('ALTER TABLE "temporary_stored_images" RENAME TO "stored_images"');
    await queryRunner.query(
      'CREATE INDEX "ix_stored_images_practice_unreferenced" ON "stored_images" ("practiceId", "unreferencedSince") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_stored_images_practice_unreferenced"');
    await queryRunner.query('ALTER TABLE "stored_images" RENAME TO "temporary_stored_images"');
    await queryRunner.query(
      'CREATE TABLE "stored_images" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime NOT NULL DEFAULT (datetime(\'now\')), "practiceId" varchar(36) NOT NULL, "format" varchar(10) NOT NULL, "mimeType" varchar(40) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "size" integer NOT NULL, "sha256" varchar(64) NOT NULL, "source" varchar(10) NOT NULL, "unreferencedSince" datetime)',
    );
    await queryRunner.query(
      'INSERT INTO "stored_images"("id", "createdAt", "updatedAt", "practiceId", "format", "mimeType", "width", "height", "size", "sha256", "source", "unreferencedSince") SELECT "id", "createdAt", "updatedAt", "practiceId", "format", "mimeType", "width", "height", "size", "sha256", "source", "unreferencedSince" FROM "temporary_stored_images"',
    );
    await queryRunner.query('DROP TABLE "temporary_stored_images"');
    await queryRunner.query(
      'CREATE INDEX "ix_stored_images_practice_unreferenced" ON "stored_images" ("practiceId", "unreferencedSince") ',
    );
  }
}
