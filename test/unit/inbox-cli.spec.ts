// inbox:triage as users run it: JSON lines in, one line out per input line in order, errors in place.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

function run(input: string, args: string[] = []) {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'scripts/inbox-triage.ts', ...args],
    { cwd: root, input, encoding: 'utf8', timeout: 60_000 },
  );
  const lines = result.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: result.status, lines, stderr: result.stderr };
}

describe('inbox:triage CLI', () => {
  it('writes {id, labels, findings} per comment in order, and an error line for each malformed line', () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'inbox-')), 'practice.json');
    writeFileSync(profile, JSON.stringify({ name: 'Bright Smile', website: 'https://brightsmile.example.com' }));
    const input = [
      JSON.stringify({ id: 'c1', text: "my throat is closing and I can't breathe" }),
      '{not json',
      JSON.stringify({ id: 'c3' }),
      '',
      JSON.stringify({ id: 4, text: 'dying to get an appointment 😅' }),
      JSON.stringify(['an', 'array']),
    ].join('\n');
    const { status, lines } = run(`${input}\n`, ['--practice', profile]);
    expect(status).toBe(0);
    expect(lines.map((l) => l.id ?? `line ${String(l.line)}`)).toEqual(['c1', 'line 2', 'c3', 4, 'line 6']);
    expect(lines[0].labels).toEqual(['urgent', 'self_phi']);
    expect(Object.keys(lines[0])).toEqual(['id', 'labels', 'findings']);
    const finding = (lines[0].findings as Array<{ start: number; end: number; text: string; reason: string }>)[0];
    expect("my throat is closing and I can't breathe".slice(finding.start, finding.end)).toBe(finding.text);
    expect(lines[1].error).toBe('not valid JSON');
    expect(lines[2].error).toMatch(/text/);
    expect(lines[3]).toEqual({ id: 4, labels: ['general'], findings: [] });
    expect(lines[4].error).toMatch(/object/);
  });

  it('exits 2 with a message when the profile cannot be read or an argument is unknown', () => {
    expect(run('', ['--practice', '/nonexistent/profile.json']).status).toBe(2);
    const unknown = run('', ['--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown argument "--bogus"/);
  });
});
