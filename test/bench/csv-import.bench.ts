// bench:import — POST /api/posts/import with a 1,000-row CSV (Facebook, LinkedIn and X mixed, texts with
// practice variables) against the real API, started the way the e2e suites start it (own schema or SQLite
// file, own queue prefix). Times the request, counts the SQL statements it sent, checks that every row
// became a draft, and prints one JSON line on stdout; progress goes to stderr. Cleans up and exits.
//
//   npm run -s bench:import                         (PostgreSQL: BENCH_DATABASE_URL / TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_DATABASE=sqlite npm run -s bench:import   (the embedded SQLite)
//   ROWS (1000, the import's maximum), RUNS (1: each run imports a fresh file into the same practice)
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SqlRecorder } from './sql-recorder';

const DATABASE = process.env.BENCH_DATABASE === 'sqlite' ? 'sqlite' : 'postgres';
// Column types are chosen from DATABASE_URL when the entities load, so it is set before they are imported.
if (DATABASE === 'postgres')
  process.env.DATABASE_URL =
    process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
else delete process.env.DATABASE_URL;
process.env.TZ = 'UTC';

const int = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name}=${raw} must be an integer from 1 to ${max}`);
  return value;
};
const ROWS = int('ROWS', 1000, 1000);
const RUNS = int('RUNS', 1, 20);
const ZONE = 'America/Chicago';

const log = (message: string) => process.stderr.write(`[bench:import] ${message}\n`);

const NETWORK_CELLS = [
  'facebook',
  'linkedin',
  'x',
  'facebook;x',
  'facebook;linkedin',
  'facebook;linkedin;x',
  'linkedin;x',
];
const TEXTS = [
  'Flu shots are in, and walk-ins are welcome! Call {{practice.phone}} to book.',
  'Did you know? Flossing once a day keeps gum disease away. Ask us for a quick demo at your next cleaning.',
  'We are open late on Thursdays until 7 pm. Book online or call {{practice.phone}}.',
  'Meet our team: {{practice.name}} has served the neighbourhood for over 20 years.',
  'Sun safety tip: reapply sunscreen every two hours, and after swimming. See you at your annual skin check!',
  'Back-to-school physicals are filling up fast. Call {{practice.phone}} to get on the schedule.\nForms are on our website.',
  'Staying hydrated helps your heart, kidneys and skin. Keep a water bottle handy this summer.',
  'Happy Thanksgiving from everyone at {{practice.name}}! We are closed Thursday and Friday.',
  'New patients welcome: most insurance plans accepted. Questions? {{practice.phone}}',
  'Sports guards protect young smiles. Ask about a custom fit before the season starts.',
];
const CAMPAIGNS = ['', '', 'Flu season', 'Summer health', 'Back to school', 'Team spotlight'];

/** A year of posts from next January on, in office hours (never in a DST gap), cycling through networks and texts. */
function importFile(rows: number, run: number): Buffer {
  const year = new Date().getUTCFullYear() + 1 + run;
  const lines = ['date,time,networks,text,campaign'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(year, 0, 1 + Math.floor((i * 365) / rows)));
    const time = `${String(8 + (i % 9)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
    const text = `${TEXTS[i % TEXTS.length]} #${i + 1}`;
    lines.push(
      [
        day.toISOString().slice(0, 10),
        time,
        NETWORK_CELLS[i % NETWORK_CELLS.length],
        csvCell(text),
        CAMPAIGNS[i % CAMPAIGNS.length],
      ].join(','),
    );
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

async function main(): Promise<Record<string, unknown>> {
  const { startTestApp } = await import('../support/test-app');
  const { bearer, createAccount, createPractice } = await import('../support/factories');

  const t = await startTestApp();
  try {
    log(`app up on ${t.kind}`);
    const practice = await createPractice(t, 'Bench Family Dental', ZONE);
    const author = await practice.user(['author']);
    for (const network of ['facebook', 'linkedin', 'x'] as const) await createAccount(t, practice.practiceId, network);
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({ profile: { phones: ['(555) 201-3300'] } })
      .expect(200);

    const logger = new SqlRecorder(); // every statement, BEGIN and COMMIT included
    Object.assign(t.resources.dataSource, { logger });
    const timings: number[] = [];
    let statements = 0;
    let created = 0;
    for (let run = 0; run < RUNS; run++) {
      const file = importFile(ROWS, run);
      logger.queries.length = 0;
      logger.recording = true;
      const started = performance.now();
      const res = await t.http
        .post('/api/posts/import')
        .set(bearer(author))
        .attach('file', file, { filename: 'posts.csv', contentType: 'text/csv' });
      const ms = performance.now() - started;
      logger.recording = false;
      if (res.status !== 201)
        throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
      const body = res.body as { created: number };
      if (body.created !== ROWS) throw new Error(`import created ${body.created} posts, expected ${ROWS}`);
      timings.push(ms);
      statements = logger.queries.length;
      created += body.created;
      log(`run ${run + 1}: ${ROWS} rows in ${Math.round(ms)} ms, ${logger.queries.length} statements`);
    }
    const report = (await t.http.get('/api/audit/verify').set(bearer(practice.admin)).expect(200)).body as {
      intact: boolean;
      checked: number;
    };
    if (!report.intact) throw new Error(`audit chain broken after the import: ${JSON.stringify(report).slice(0, 500)}`);

    return {
      rows: ROWS,
      ms: Math.round(Math.min(...timings)),
      ...(RUNS > 1 ? { runs_ms: timings.map(Math.round) } : {}),
      statements: statements,
      statements_per_row: Math.round((statements / ROWS) * 100) / 100,
      posts_created: created,
      audit_entries_checked: report.checked,
      database: t.kind,
      // Wall-clock on this machine: a busy machine (other test runs) inflates it.
      loadavg_1m: Math.round(loadavg()[0] * 100) / 100,
    };
  } finally {
    await t.close().catch((error: unknown) => log(`clean-up failed: ${String(error)}`));
  }
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    // Bull/ioredis may keep a reconnect timer alive for a moment after close: the bench stops regardless.
    process.exit(0);
  },
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
