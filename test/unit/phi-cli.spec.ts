// phi:check as users run it: the same node command as the npm script, JSON lines in, JSON lines out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const profile = join(root, 'test', 'fixtures', 'phi', 'practice-brightsmile.json');

function run(
  input: string,
  args: string[] = [],
): { status: number | null; lines: Array<Record<string, unknown>>; stderr: string; stdout: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'scripts/phi-check.ts', ...args],
    {
      cwd: root,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const lines = result.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: result.status, lines, stderr: result.stderr, stdout: result.stdout };
}

describe('phi:check CLI', () => {
  it('writes one result per post, in order, with verdicts and findings', () => {
    const input = [
      { id: 'p1', text: 'Congrats to Emma Rodriguez on finishing her Invisalign today! 🎉' },
      { id: 'p2', text: 'Floss daily! Call (217) 555-0142 or visit 1420 Oak St, Ste 200.' },
      { id: 'p3', text: 'Great seeing you today, @jdoe_runs!' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const { status, lines } = run(`${input}\n`, ['--practice', profile]);
    expect(status).toBe(0);
    expect(lines.map((l) => [l.id, l.verdict])).toEqual([
      ['p1', 'block'],
      ['p2', 'pass'],
      ['p3', 'block'],
    ]);
    const findings = lines[0].findings as Array<{ rule: string; start: number; end: number; text: string }>;
    expect(findings.some((f) => f.rule === 'care.named-patient' && f.text === 'Emma Rodriguez')).toBe(true);
    expect(lines[1].findings).toEqual([]);
  });

  it('reports malformed lines and carries on, skipping empty lines', () => {
    const input = [
      '{"id":"ok1","text":"Brush twice a day."}',
      '',
      'this is not json',
      '{"id":"no-text"}',
      '{"text":42}',
      '[1,2]',
      '{"id":"ok2","text":"Happy Friday!"}',
    ].join('\n');
    const { status, lines } = run(input, ['--practice', profile]);
    expect(status).toBe(0);
    expect(lines).toEqual([
      { id: 'ok1', verdict: 'pass', findings: [] },
      { line: 3, error: 'not valid JSON' },
      { id: 'no-text', error: 'missing "text" (a string)' },
      { line: 5, error: 'missing "text" (a string)' },
      { line: 6, error: 'expected a JSON object with "id" and "text"' },
      { id: 'ok2', verdict: 'pass', findings: [] },
    ]);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const { status, lines } = run(
      '\ufeff{"id":"w1","text":"Floss daily!"}\r\n{"id":"w2","text":"Great seeing you today, @jdoe!"}\r\n',
      ['--practice', profile],
    );
    expect(status).toBe(0);
    expect(lines.map((l) => [l.id, l.verdict])).toEqual([
      ['w1', 'pass'],
      ['w2', 'block'],
    ]);
  });

  it("works without --practice (nothing is the practice's own)", () => {
    const { status, lines } = run('{"id":"a","text":"Call 217-555-0142 about your crown, Maria."}\n');
    expect(status).toBe(0);
    expect(lines[0].verdict).toBe('block');
  });

  it('applies authorizations given on the line', () => {
    const line = {
      id: 't',
      text: '“My new smile changed my life!” — Kevin M., implant patient',
      authorizations: [{ patientName: 'Kevin Martinez', uses: ['testimonial'] }],
    };
    const { lines } = run(`${JSON.stringify(line)}\n`, ['--practice', profile]);
    expect(lines[0].verdict).toBe('pass');
    expect((lines[0].authorized as unknown[]).length).toBeGreaterThan(0);
  });

  it('exits 2 with one clear line when the profile cannot be read', () => {
    const missing = run('{"id":"a","text":"hi"}\n', ['--practice', '/no/such/profile.json']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/cannot read practice profile \/no\/such\/profile\.json/);
    const dir = mkdtempSync(join(tmpdir(), 'phi-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(run('', ['--practice', join(dir, 'bad.json')]).status).toBe(2);
  });
  it('reads a line with a context and no kind as a reply', () => {
    const context = 'Dr. Lee fixed my broken tooth, best dentist ever! - happymom88';
    const input = JSON.stringify({
      id: 'c1',
      context,
      text: 'So glad the new crown feels good, see you at your next cleaning!',
    });
    const { lines } = run(`${input}\n`, ['--practice', profile]);
    expect(lines[0]).toMatchObject({ id: 'c1', verdict: 'block' });
  });

  it('checks replies with their kind and the review they answer, and refuses a bad kind', () => {
    const context = 'Dr. Lee fixed my broken tooth, best dentist ever! - happymom88';
    const input = [
      { id: 'r1', kind: 'reply', context, text: 'So glad the new crown feels good, see you at your next cleaning!' },
      { id: 'r2', kind: 'reply', context, text: 'Thank you for the kind words! We will share them with the team.' },
      { id: 'r3', kind: 'tweet', text: 'Hello' },
      { id: 'r4', kind: 'reply', context: 42, text: 'Hello' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const { status, lines } = run(`${input}\n`, ['--practice', profile]);
    expect(status).toBe(0);
    expect(lines.map((l) => [l.id, l.verdict ?? l.error])).toEqual([
      ['r1', 'block'],
      ['r2', 'pass'],
      [
        'r3',
        '"kind" must be one of post, reply, review_reply, review, comment, comment_reply, review_response, response',
      ],
      ['r4', '"context" must be a string (the review or comment a reply answers)'],
    ]);
  });
});
