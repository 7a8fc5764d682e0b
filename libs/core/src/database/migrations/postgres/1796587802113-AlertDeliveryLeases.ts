import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: the delivery pass that holds an alert and until when (a lease), so two processes never both e-mail an
 * incident, and one that died mid-delivery is taken over once its lease ends.
 */
export class AlertDeliveryLeasesPostgres1796587802113 implements MigrationInterface {
  name = 'AlertDeliveryLeasesPostgres1796587802113';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alerts" ADD "deliveryClaimedBy" character varying(36)');
    await queryRunner.query('ALTER TABLE "alerts" ADD "deliveryClaimedUntil" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "deliveryClaimedUntil"');
    await queryRunner.query('ALTER TABLE "alerts" DROP COLUMN "deliveryClaimedBy"');
  }
}
