// Checks posts for PHI without a database: JSON lines {"id","text"} on stdin, one result line per post on stdout.
//   npm run -s phi:check -- --practice profile.json < posts.jsonl > results.jsonl
// Exit 0 (bad lines become {"id"|"line", "error"} lines); exit 2 when the profile can't be read or the arguments are wrong.
import { createInterface } from 'node:readline';
import { check, PracticeProfile } from '@app/compliance';
import { checkLine } from './phi/check-lines';
import { loadProfileFile } from './phi/corpus';

const USAGE = 'usage: phi:check [--practice profile.json] < posts.jsonl > results.jsonl';

function practicePath(args: readonly string[]): string | undefined {
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--practice') {
      path = args[++i];
      if (!path) throw new Error('--practice needs a file path');
    } else if (arg.startsWith('--practice=')) path = arg.slice('--practice='.length);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"`);
  }
  return path;
}

function fail(message: string): never {
  process.stderr.write(`phi:check: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let path: string | undefined;
  try {
    path = practicePath(process.argv.slice(2));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} (${USAGE})`);
  }
  let profile: PracticeProfile = { name: '' };
  if (path) {
    try {
      profile = loadProfileFile(path);
    } catch (error) {
      fail(`cannot read practice profile ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let batch = '';
  for await (const raw of lines) {
    lineNumber++;
    const result = checkLine(raw, lineNumber, profile, check);
    if (result) batch += `${JSON.stringify(result)}\n`;
    // Write in batches, and wait when the reader is slower than we are.
    if (batch.length > 64 * 1024) {
      if (!process.stdout.write(batch)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      batch = '';
    }
  }
  if (batch) process.stdout.write(batch);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
