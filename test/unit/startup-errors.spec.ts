// The real entry points, started with a bad database or Redis: one clear line on stderr, non-zero exit.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function start(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'startup-')),
        LOG_LEVEL: 'silent',
        PORT: '0',
        ...env,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('start-up with bad settings', () => {
  jest.setTimeout(60_000);

  it.each([
    [
      'apps/api/src/main.ts',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
      /^Cannot open the database PostgreSQL at 127\.0\.0\.1:1\/test: .*Check DATABASE_URL\.$/,
    ],
    [
      'apps/api/src/main.ts',
      { REDIS_URL: 'redis://127.0.0.1:1', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' },
      /^Cannot connect to Redis at redis:\/\/127\.0\.0\.1:1: .*Check REDIS_URL\.$/,
    ],
    [
      'apps/api/src/main.ts',
      { REDIS_URL: 'redis://127.0.0.1:6379' },
      /^Invalid configuration: REDIS_URL is set \(queue mode.*needs PostgreSQL.*unset REDIS_URL to run embedded/,
    ],
    ['apps/api/src/main.ts', { DATABASE_URL: 'oracle://db' }, /^Invalid configuration: DATABASE_URL must look like/],
    [
      'apps/worker/src/main.ts',
      { REDIS_URL: 'redis://127.0.0.1:1', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' },
      /^Cannot connect to Redis at .*Check REDIS_URL\.$/,
    ],
    [
      'apps/worker/src/main.ts',
      { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
      /Check DATABASE_URL\.$/,
    ],
    ['apps/worker/src/main.ts', {}, /^A separate worker needs queue mode: set REDIS_URL/],
  ])('%s with %j exits non-zero with one line', async (entry, env, message) => {
    const { code, stderr } = await start(entry, env);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
