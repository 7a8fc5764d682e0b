// Calendar month query under load: 100,000 posts (with targets) for one practice, plus other practices'
// posts, in a fresh PostgreSQL schema; times PostQueries.calendar (what GET /api/posts runs) for a month,
// a month + status and a month + account, and prints one JSON line. Progress goes to stderr.
//   npm run -s bench:calendar        (BENCH_DATABASE_URL or TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_LAYOUT=random              rows scattered on disk instead of in creation order (the worst case)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { SqlRecorder } from './sql-recorder';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
// Column types are chosen from DATABASE_URL when the entities load, so it is set before they are imported.
process.env.DATABASE_URL = DATABASE_URL;

const POSTS = 100_000;
const OTHER_PRACTICES = 4;
const OTHER_POSTS_EACH = 5_000;
const ZONE = 'America/Chicago';
/**
 * Posts are dated across these years (10% have no date yet): 8 years make a dense calendar of about 940
 * posts a month, the worst case for the month query. BENCH_YEARS spreads them thinner.
 */
const FIRST_YEAR = 2022;
const YEARS = Math.max(1, Number(process.env.BENCH_YEARS) || 8);
/**
 * Row order on disk. `created` (default): rows are written in the order they were created (each post 10
 * days before its time, as the seed records), as a live database appends them. `random`: the worst case,
 * one month's posts scattered over the whole table.
 */
const LAYOUT = process.env.BENCH_LAYOUT === 'random' ? 'random' : 'created';
const WARMUP_PER_VARIANT = 30;
const RUNS_PER_VARIANT = 200;
/** What GET /api/posts uses when the caller gives no limit. */
const API_DEFAULT_LIMIT = 2000;

type Variant = 'month' | 'month_status' | 'month_account';
const VARIANTS: Variant[] = ['month', 'month_status', 'month_account'];

const log = (message: string) => process.stderr.write(`[bench:calendar] ${message}\n`);

async function main(): Promise<void> {
  const { loadConfig, openDatabase } = await import('@app/core');
  const { ALL_ENTITIES } = await import('@app/schema');
  const { PostQueries } = await import('@app/calendar');
  const { resolveRangeBound } = await import('@app/core');

  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'planner-bench-'));
  const config = loadConfig({
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
  });
  log(`schema ${schema}: migrating`);
  const dataSource = await openDatabase(config, ALL_ENTITIES, { migrate: true });
  const logger = new SqlRecorder();
  Object.assign(dataSource, { logger });
  try {
    const started = performance.now();
    const seeded = await seed(dataSource);
    const seedMs = Math.round(performance.now() - started);
    log(
      `seeded ${seeded.posts} posts, ${seeded.targets} targets (+${seeded.otherPosts} in other practices) in ${seedMs} ms`,
    );

    const queries = new PostQueries(dataSource);
    const months = Array.from(
      { length: YEARS * 12 },
      (_, i) => `${FIRST_YEAR + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    const nowMonth = new Date().toISOString().slice(0, 7);
    let pick = 0;
    const queryFor = (variant: Variant) => {
      const month = months[(pick = (pick * 31 + 17) % months.length)];
      const [year, mon] = month.split('-').map(Number);
      const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
      return {
        from: resolveRangeBound(`${month}-01`, ZONE, 'from'),
        to: resolveRangeBound(`${month}-${String(lastDay).padStart(2, '0')}`, ZONE, 'to'),
        // Past months are looked at for what went out, coming months for what is planned.
        ...(variant === 'month_status'
          ? { statuses: month < nowMonth ? ['published' as const] : ['scheduled' as const] }
          : {}),
        ...(variant === 'month_account' ? { accountId: seeded.xAccountId } : {}),
        limit: API_DEFAULT_LIMIT,
        lean: true, // as GET /api/posts asks for it
      };
    };

    const timings: Record<Variant, number[]> = { month: [], month_status: [], month_account: [] };
    const rows: Record<Variant, number[]> = { month: [], month_status: [], month_account: [] };
    for (let i = 0; i < WARMUP_PER_VARIANT; i++)
      for (const variant of VARIANTS) await queries.calendar(seeded.practiceId, queryFor(variant));
    log(`warmed up; timing ${RUNS_PER_VARIANT} queries per variant`);
    for (let i = 0; i < RUNS_PER_VARIANT; i++) {
      for (const variant of VARIANTS) {
        const query = queryFor(variant);
        const t0 = performance.now();
        const posts = await queries.calendar(seeded.practiceId, query);
        timings[variant].push(performance.now() - t0);
        rows[variant].push(posts.length);
      }
    }

    const explain: Record<string, string> = {};
    for (const variant of VARIANTS) {
      logger.queries.length = 0;
      logger.recording = true;
      await queries.calendar(seeded.practiceId, queryFor(variant));
      logger.recording = false;
      explain[variant] = (
        await Promise.all(logger.queries.map((q) => explainOf(dataSource, q.sql, q.parameters)))
      ).join(' ; ');
    }

    const all = VARIANTS.flatMap((v) => timings[v]);
    const result = {
      posts: seeded.posts,
      targets: seeded.targets,
      other_practice_posts: seeded.otherPosts,
      queries: all.length,
      ...percentiles(all),
      target_p95_ms: 20,
      dated_posts_per_month: Math.round((seeded.posts * 0.9) / (YEARS * 12)),
      layout: LAYOUT,
      variants: Object.fromEntries(
        VARIANTS.map((v) => [
          v,
          { queries: timings[v].length, ...percentiles(timings[v]), avg_posts_returned: Math.round(avg(rows[v])) },
        ]),
      ),
      explain,
      seed_ms: seedMs,
      // Timings are wall-clock on this machine: a busy machine (other test runs) inflates them.
      loadavg_1m: Math.round(loadavg()[0] * 100) / 100,
      postgres: seeded.version,
      shared_buffers: seeded.sharedBuffers,
      tables_mb: seeded.dataMb,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await dataSource
      .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      .catch((error: unknown) => log(`could not drop ${schema}: ${String(error)}`));
    await dataSource.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Seeded {
  practiceId: string;
  xAccountId: string;
  posts: number;
  targets: number;
  otherPosts: number;
  version: string;
  sharedBuffers: string;
  /** posts and post_targets with their indexes and TOAST. */
  dataMb: number;
}

/** Bulk INSERT … SELECT from generate_series: the database makes the rows, no ORM round trips. */
async function seed(ds: DataSource): Promise<Seeded> {
  const practiceIds: string[] = [];
  for (let i = 0; i <= OTHER_PRACTICES; i++) {
    const [{ id }] = (await ds.query(
      `INSERT INTO practices (id, name, timezone, profile) VALUES (gen_random_uuid()::text, $1, $2, '{"addresses":[],"phones":[],"faxes":[],"emails":[],"staff":[],"handles":[]}') RETURNING id`,
      [i === 0 ? 'Bench Family Dental' : `Other Practice ${i}`, i === 0 ? ZONE : 'America/New_York'],
    )) as Array<{ id: string }>;
    practiceIds.push(id);
    await ds.query(
      `INSERT INTO social_accounts (id, "practiceId", network, "externalId", name, status, "evergreenFill")
       SELECT gen_random_uuid()::text, $1::text, n, md5($1::text || n), initcap(n) || ' page', 'connected', false FROM unnest(ARRAY['facebook','linkedin','x']) AS n`,
      [id],
    );
  }
  await ds.query('SELECT setseed(0.42)');
  const insertPosts = (practiceId: string, count: number, zone: string) =>
    ds.query(
      `INSERT INTO posts (id, "practiceId", status, "baseText", variants, media, "templateVars", "templateKey", "scheduledAt", "scheduledLocal", timezone,
                        campaign, tags, version, "authorId", "contributorIds", findings, verdict, "submittedAt", origin, "deletedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1::text,
            CASE WHEN at IS NULL THEN 'draft'
                 WHEN at < now() THEN (ARRAY['published','published','published','published','published','published','published','published','failed','rejected'])[1 + floor(r2 * 10)::int]
                 ELSE (ARRAY['scheduled','scheduled','scheduled','scheduled','approved','draft','draft','in_review','in_review','changes_requested'])[1 + floor(r2 * 10)::int] END,
            'Post ' || g || ': flu shots, school check-ups and a reminder to book your cleaning. Call us or book online at {{practice.bookingUrl}}.',
            '{}', '[]', '{}', NULL, at, to_char(at AT TIME ZONE $3::text, 'YYYY-MM-DD"T"HH24:MI'), $3::text,
            CASE WHEN r3 < 0.1 THEN 'Campaign ' || (g % 12) END, '["tips"]', 1, md5($1::text)::uuid::text, jsonb_build_array(md5($1::text)::uuid::text), '[]',
            CASE WHEN at < now() THEN 'pass' END, CASE WHEN at < now() THEN at - interval '3 days' END, 'person',
            CASE WHEN r3 > 0.99 THEN now() END, coalesce(at, now()) - interval '10 days', coalesce(at, now()) - interval '10 days'
       FROM (SELECT g, random() AS r2, random() AS r3,
                    CASE WHEN random() < 0.9 THEN make_timestamptz(${FIRST_YEAR}, 1, 1, 0, 0, 0, $3::text) + random() * interval '${YEARS * 365} days' END AS at
               FROM generate_series(1, $2::int) AS g) s
      ${LAYOUT === 'created' ? "ORDER BY coalesce(at, now()) - interval '10 days'" : ''}`,
      [practiceId, count, zone],
    );
  const [main, ...others] = practiceIds;
  await insertPosts(main, POSTS, ZONE);
  for (const other of others) await insertPosts(other, OTHER_POSTS_EACH, 'America/New_York');
  // Facebook on every post, X on about 60%, LinkedIn on about 40% (by a hash of the post id: random() in this
  // WHERE would be evaluated once per account, not per post); targets follow their post's status.
  await ds.query(
    `INSERT INTO post_targets (id, "practiceId", "postId", "accountId", network, status, "dueAt", "publishedAt", attempts, "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, p."practiceId", p.id, a.id, a.network,
            CASE p.status WHEN 'published' THEN 'published' WHEN 'failed' THEN 'failed' WHEN 'scheduled' THEN 'scheduled' ELSE 'pending' END,
            CASE WHEN p.status IN ('scheduled', 'published', 'failed') THEN p."scheduledAt" END,
            CASE WHEN p.status = 'published' THEN p."scheduledAt" END,
            CASE WHEN p.status IN ('published', 'failed') THEN 1 ELSE 0 END, p."createdAt", p."updatedAt"
       FROM posts p JOIN social_accounts a ON a."practiceId" = p."practiceId"
      WHERE a.network = 'facebook'
         OR (a.network = 'x' AND get_byte(decode(md5(p.id || 'x'), 'hex'), 0) < 154)
         OR (a.network = 'linkedin' AND get_byte(decode(md5(p.id || 'linkedin'), 'hex'), 0) < 102)`,
  );
  await ds.query('ANALYZE practices, social_accounts, posts, post_targets');
  const [{ posts }] = (await ds.query('SELECT count(*)::int AS posts FROM posts WHERE "practiceId" = $1', [
    main,
  ])) as Array<{ posts: number }>;
  const [{ targets }] = (await ds.query('SELECT count(*)::int AS targets FROM post_targets WHERE "practiceId" = $1', [
    main,
  ])) as Array<{ targets: number }>;
  const [{ id: xAccountId }] = (await ds.query(
    `SELECT id FROM social_accounts WHERE "practiceId" = $1 AND network = 'x'`,
    [main],
  )) as Array<{ id: string }>;
  const [{ server_version: version }] = (await ds.query('SHOW server_version')) as Array<{ server_version: string }>;
  const [{ shared_buffers: sharedBuffers }] = (await ds.query('SHOW shared_buffers')) as Array<{
    shared_buffers: string;
  }>;
  const [{ mb: dataMb }] = (await ds.query(
    `SELECT round(sum(pg_total_relation_size(c))::numeric / 1048576)::int AS mb FROM unnest(ARRAY['posts', 'post_targets']::regclass[]) AS c`,
  )) as Array<{ mb: number }>;
  return {
    practiceId: main,
    xAccountId,
    posts,
    targets,
    otherPosts: OTHER_PRACTICES * OTHER_POSTS_EACH,
    version,
    sharedBuffers,
    dataMb,
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/**
 * "Limit > Sort > Index Scan posts using ix_posts_practice_scheduled (1.23 ms, 950 hit, 12 read)" for one
 * statement: blocks read are shared-buffer misses (the bench's tables outgrow a default 128 MB shared_buffers).
 */
async function explainOf(ds: DataSource, sql: string, parameters: unknown[]): Promise<string> {
  const [row] = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters)) as Array<{
    'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }>;
  }>;
  const [{ Plan: plan, 'Execution Time': ms }] = row['QUERY PLAN'];
  const nodes: string[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(
      [node['Node Type'], node['Relation Name'], node['Index Name'] ? `using ${node['Index Name']}` : undefined]
        .filter(Boolean)
        .join(' '),
    );
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return `${nodes.join(' > ')} (${ms.toFixed(2)} ms, ${plan['Shared Hit Blocks']} hit, ${plan['Shared Read Blocks']} read)`;
}

function percentiles(values: number[]): { p50_ms: number; p95_ms: number; p99_ms: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] * 100) / 100;
  return { p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99) };
}

const avg = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench:calendar] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
