import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: the incident they belong to (one e-mail per incident) and when each channel delivered, so a failing
 * webhook is retried without e-mailing again. Accounts: the picture the composer's previews show.
 */
export class AlertChannelsAccountPicturesSqlite1796546450733 implements MigrationInterface {
  name = 'AlertChannelsAccountPicturesSqlite1796546450733';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "social_accounts" ADD COLUMN "pictureUrl" varchar(2000)');
    await queryRunner.query('ALTER TABLE "alerts" ADD COLUMN "incidentKey" varchar(200)');
    await queryRunner.query('ALTER TABLE "alerts" ADD COLUMN "emailedAt" datetime');
    await queryRunner.query('ALTER TABLE "alerts" ADD COLUMN "webhookSentAt" datetime');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "webhookSentAt"');
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "emailedAt"');
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "incidentKey"');
    await queryRunner.query('ALTER TABLE "social_accounts" DROP COLUMN "pictureUrl"');
  }
}
