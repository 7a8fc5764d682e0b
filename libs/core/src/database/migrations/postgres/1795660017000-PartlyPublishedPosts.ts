import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Posts that went out on some networks and failed on others were stored as "failed" (and could be deleted).
 * They get the status that says what happened: partly_published (a varchar value; no schema change).
 */
export class PartlyPublishedPostsPostgres1795660017000 implements MigrationInterface {
  name = 'PartlyPublishedPostsPostgres1795660017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE posts SET status = 'partly_published' WHERE status = 'failed' AND EXISTS (SELECT 1 FROM post_targets t WHERE t."postId" = posts.id AND t.status = 'published')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE posts SET status = 'failed' WHERE status = 'partly_published'`);
  }
}
