import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: the incident they belong to (one e-mail per incident) and when each channel delivered, so a failing
 * webhook is retried without e-mailing again. Accounts: the picture the composer's previews show.
 */
export class AlertChannelsAccountPicturesPostgres1796546450733 implements MigrationInterface {
  name = 'AlertChannelsAccountPicturesPostgres1796546450733';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "social_accounts" ADD "pictureUrl" character varying(2000)');
    await queryRunner.query('ALTER TABLE "alerts" ADD "incidentKey" character varying(200)');
    await queryRunner.query('ALTER TABLE "alerts" ADD "emailedAt" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "alerts" ADD "webhookSentAt" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "webhookSentAt"');
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "emailedAt"');
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "incidentKey"');
    await queryRunner.query('ALTER TABLE "social_accounts" DROP COLUMN "pictureUrl"');
  }
}
