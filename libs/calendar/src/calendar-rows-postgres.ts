// Calendar rows on PostgreSQL (GET /api/posts): a busy month is ~1,000 posts with ~2,000 targets, so the rows
// skip TypeORM's hydration and node-postgres' per-type parsing; values come back as text and are converted here.
import { DataSource, QueryFailedError, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Post, PostTarget } from '@app/posts';
import { CALENDAR_POST_COLUMNS as POST_COLUMNS } from './calendar-columns';

const TARGET_COLUMNS = [
  'postId',
  'id',
  'accountId',
  'network',
  'status',
  'externalId',
  'url',
  'publishedAt',
  'attempts',
  'lastErrorKind',
  'lastError',
] as const;
const P = positions(POST_COLUMNS);
const T = positions(TARGET_COLUMNS);
const TARGET_SQL = `SELECT ${TARGET_COLUMNS.map((c) => `t."${c}"`).join(', ')} FROM post_targets t WHERE t."practiceId" = $1 AND t."postId" = ANY($2::varchar[]) ORDER BY t."createdAt", t.network, t."accountId"`;

type Row = Array<string | null>;
type ParseTimestamptz = (text: string) => Date;

/** The parts of node-postgres used here: the client TypeORM's query runner hands out, and its Query. */
interface PgClient {
  query(query: PgQuery): void;
}
interface PgQuery {
  on(event: 'row', listener: (row: Row) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'end', listener: () => void): this;
}
type PgQueryClass = new (config: {
  text: string;
  values: unknown[];
  rowMode: 'array';
  types: typeof TEXT_VALUES;
}) => PgQuery;

/** Every column as the text PostgreSQL sent, for this query only (the pool's parsers are untouched). */
const TEXT_VALUES = {
  getTypeParser:
    () =>
    (value: string): string =>
      value,
};

/**
 * Runs the calendar's post query (`qb`: where, order and limit already set), then one query for the targets of
 * those posts, building each row as it arrives. Two plain reads beat one statement that aggregates targets as
 * JSON: PostgreSQL 15 builds JSON slowly, and a join's plan can flip to a hash join over every target of the
 * practice on a busy month.
 */
export async function readCalendarRows(
  dataSource: DataSource,
  practiceId: string,
  qb: SelectQueryBuilder<Post>,
): Promise<Post[]> {
  const [postSql, postParameters] = qb.select(POST_COLUMNS.map((c) => `"p"."${c}"`).join(', ')).getQueryAndParameters();
  // node-postgres' own timestamptz parser (the pg module TypeORM loaded), for the shapes `instant` does not read itself.
  const parseTimestamptz = (dataSource.driver as PostgresDriver).postgres.types.getTypeParser(
    TIMESTAMPTZ_OID,
  ) as ParseTimestamptz;
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    const stream = (sql: string, parameters: unknown[], onRow: (row: Row) => void) =>
      streamRows(dataSource, runner, client, sql, parameters, onRow);
    const posts: Post[] = [];
    const byId = new Map<string, Post>();
    const ids: string[] = [];
    await stream(postSql, postParameters, (row) => {
      const post = postOf(row, practiceId, parseTimestamptz);
      posts.push(post);
      byId.set(post.id, post);
      ids.push(post.id);
    });
    if (posts.length === 0) return posts;
    await stream(TARGET_SQL, [practiceId, arrayParameter(ids)], (row) => {
      const post = byId.get(row[T.postId]!);
      if (post) post.targets!.push(targetOf(row, post, parseTimestamptz));
    });
    return posts;
  } finally {
    await runner.release();
  }
}

/**
 * Runs one statement and hands each row to `onRow` as it arrives, keeping none: a month's raw rows would otherwise
 * sit in the young generation next to the posts built from them, and every scavenge copies both (on a busy month
 * that doubled the slowest queries).
 */
function streamRows(
  dataSource: DataSource,
  runner: QueryRunner,
  client: PgClient,
  sql: string,
  parameters: unknown[],
  onRow: (row: Row) => void,
): Promise<void> {
  const { Query } = (dataSource.driver as PostgresDriver).postgres as { Query: PgQueryClass };
  dataSource.logger.logQuery(sql, parameters, runner);
  return new Promise<void>((resolve, reject) => {
    let failed: unknown;
    const query = new Query({ text: sql, values: parameters, rowMode: 'array', types: TEXT_VALUES });
    query.on('row', (row) => {
      // A throw here would unwind node-postgres' parser; the statement runs to its end and then fails.
      if (failed === undefined)
        try {
          onRow(row);
        } catch (error) {
          failed = error;
        }
    });
    query.on('error', (error) => {
      dataSource.logger.logQueryError(error, sql, parameters, runner);
      reject(new QueryFailedError(sql, parameters, error));
    });
    query.on('end', () => (failed === undefined ? resolve() : reject(failed)));
    client.query(query);
  });
}

/**
 * Ids as one array literal when none needs escaping (ids are UUIDs): node-postgres would escape each of a month's
 * ~1,000 elements with two regular expressions. Anything unusual goes as the array itself.
 */
export function arrayParameter(values: string[]): string | string[] {
  for (const value of values) if (value.includes('"') || value.includes('\\')) return values;
  return values.length === 0 ? '{}' : `{"${values.join('","')}"}`;
}

function postOf(row: Row, practiceId: string, parseTimestamptz: ParseTimestamptz): Post {
  const post = new Post();
  post.id = row[P.id]!;
  post.practiceId = practiceId;
  post.status = row[P.status] as Post['status'];
  post.baseText = row[P.baseText]!;
  post.templateVars = JSON.parse(row[P.templateVars]!) as Post['templateVars'];
  post.templateKey = row[P.templateKey];
  post.scheduledAt = instantOrNull(row[P.scheduledAt], parseTimestamptz);
  post.scheduledLocal = row[P.scheduledLocal];
  post.timezone = row[P.timezone]!;
  post.campaign = row[P.campaign];
  post.tags = JSON.parse(row[P.tags]!) as string[];
  post.version = Number(row[P.version]);
  post.authorId = row[P.authorId]!;
  post.contributorIds = JSON.parse(row[P.contributorIds]!) as string[];
  post.verdict = row[P.verdict] as Post['verdict'];
  post.markNote = row[P.markNote];
  post.origin = row[P.origin] as Post['origin'];
  post.createdAt = instant(row[P.createdAt]!, parseTimestamptz);
  post.updatedAt = instant(row[P.updatedAt]!, parseTimestamptz);
  post.targets = [];
  return post;
}

function targetOf(row: Row, post: Post, parseTimestamptz: ParseTimestamptz): PostTarget {
  const target = new PostTarget();
  target.id = row[T.id]!;
  target.practiceId = post.practiceId;
  target.postId = post.id;
  target.accountId = row[T.accountId]!;
  target.network = row[T.network] as PostTarget['network'];
  target.status = row[T.status] as PostTarget['status'];
  target.externalId = row[T.externalId];
  target.url = row[T.url];
  target.publishedAt = instantOrNull(row[T.publishedAt], parseTimestamptz);
  target.attempts = Number(row[T.attempts]);
  target.lastErrorKind = row[T.lastErrorKind];
  target.lastError = row[T.lastError];
  return target;
}

const TIMESTAMPTZ_OID = 1184;

/**
 * timestamptz text to a Date, as node-postgres would make it (sub-millisecond digits truncated). The usual
 * "2024-03-01 14:30:00.123456+00" (DateStyle ISO, session time zone UTC) is read here digit by digit (no
 * substrings: a month has ~5,000 of these); any other shape (another session zone, BC, infinity, a year past
 * 9999) goes to `general`, node-postgres' own parser.
 */
export function instant(text: string, general: ParseTimestamptz): Date {
  const n = text.length;
  if (
    n >= 22 &&
    n <= 29 &&
    (n === 22 || (n >= 24 && text.charCodeAt(19) === DOT)) &&
    text.endsWith('+00') &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === SPACE &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON
  ) {
    const year = digits(text, 0, 4);
    let ms = 0;
    for (let i = 20, scale = 100; i < 23 && i < n - 3; i++, scale /= 10) ms += digits(text, i, 1) * scale;
    // NaN when a "digit" is not one; Date.UTC reads the years 0-99 as 1900-1999.
    const time = Date.UTC(
      year,
      digits(text, 5, 2) - 1,
      digits(text, 8, 2),
      digits(text, 11, 2),
      digits(text, 14, 2),
      digits(text, 17, 2),
      ms,
    );
    if (year >= 100 && !Number.isNaN(time)) return new Date(time);
  }
  return general(text);
}

const DOT = 46;
const DASH = 45;
const SPACE = 32;
const COLON = 58;

/** The number written by `count` decimal digits at `at`, or NaN. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

const instantOrNull = (text: string | null, general: ParseTimestamptz): Date | null =>
  text === null ? null : instant(text, general);

function positions<C extends string>(columns: readonly C[]): Record<C, number> {
  return Object.fromEntries(columns.map((c, i) => [c, i])) as Record<C, number>;
}
