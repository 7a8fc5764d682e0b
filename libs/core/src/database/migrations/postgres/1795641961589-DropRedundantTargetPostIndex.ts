import { MigrationInterface, QueryRunner } from 'typeorm';

export class DropRedundantTargetPostIndexPostgres1795641961589 implements MigrationInterface {
  name = 'DropRedundantTargetPostIndexPostgres1795641961589';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_targets_post"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_targets_post" ON "post_targets" ("postId") ');
  }
}
