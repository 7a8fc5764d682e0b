// Triages comments without a database: JSON lines {"id","text"} on stdin, one {"id","labels","findings"} line per comment on stdout.
//   npm run -s inbox:triage -- --practice profile.json < comments.jsonl > triaged.jsonl
// Exit 0 (bad lines become {"id"|"line", "error"} lines, in place); exit 2 when the profile can't be read or the arguments are wrong.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TriageProfile } from '@app/inbox';
import { triageLine } from './inbox/triage-lines';

const USAGE = 'usage: inbox:triage [--practice profile.json] < comments.jsonl > triaged.jsonl';

function fail(message: string): never {
  process.stderr.write(`inbox:triage: ${message}\n`);
  process.exit(2);
}

function practicePath(args: readonly string[]): string | undefined {
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--practice') {
      path = args[++i];
      if (!path) fail(`--practice needs a file path (${USAGE})`);
    } else if (arg.startsWith('--practice=')) path = arg.slice('--practice='.length);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument "${arg}" (${USAGE})`);
  }
  return path;
}

function loadProfile(path: string): TriageProfile {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('expected a JSON object');
  const p = raw as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  return {
    name: typeof p.name === 'string' ? p.name : undefined,
    website: typeof p.website === 'string' ? p.website : undefined,
    phones: strings(p.phones),
    handles: strings(p.handles),
  };
}

async function main(): Promise<void> {
  const path = practicePath(process.argv.slice(2));
  let profile: TriageProfile = {};
  if (path) {
    try {
      profile = loadProfile(path);
    } catch (error) {
      fail(`cannot read practice profile ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let batch = '';
  for await (const raw of lines) {
    lineNumber++;
    const result = triageLine(raw, lineNumber, profile);
    if (result) batch += `${JSON.stringify(result)}\n`;
    if (batch.length > 64 * 1024) {
      if (!process.stdout.write(batch)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      batch = '';
    }
  }
  if (batch) process.stdout.write(batch);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
