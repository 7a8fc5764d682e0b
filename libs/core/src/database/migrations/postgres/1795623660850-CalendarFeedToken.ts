import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarFeedTokenPostgres1795623660850 implements MigrationInterface {
  name = 'CalendarFeedTokenPostgres1795623660850';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD "calendarFeedTokenHash" character varying(64)');
    await queryRunner.query('CREATE UNIQUE INDEX "ux_users_feed_token" ON "users" ("calendarFeedTokenHash") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ux_users_feed_token"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "calendarFeedTokenHash"');
  }
}
