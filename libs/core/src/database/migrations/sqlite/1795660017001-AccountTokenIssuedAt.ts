import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the stored access token was issued: LinkedIn and X do not always say when a token ends, but their tokens
 * live a known time (60 days, 2 hours), so the app can say when it probably stops and warn before then.
 * Existing rows stay null and count from when the account was connected (the earliest the token can be from).
 */
export class AccountTokenIssuedAtSqlite1795660017001 implements MigrationInterface {
  name = 'AccountTokenIssuedAtSqlite1795660017001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "social_accounts" ADD COLUMN "tokenIssuedAt" datetime');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "social_accounts" DROP COLUMN "tokenIssuedAt"');
  }
}
