// The rules of an approval live in libs/posts/src/approval-rules.ts: who may approve (not a contributor), what an
// approval covers (exact content hashes) and which findings it may accept. Approve and the publish-time re-check
// both call it; nowhere else restates a rule (a restated copy is how the two used to drift apart).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, sourceFiles } from './source-files';

const RULES = join('libs', 'posts', 'src', 'approval-rules.ts');

/** Restatements of the rules: a contributor check, a comparison with an approved hash, an override match. */
const RESTATED = [
  /contributorIds\.includes\(/,
  /\.hash\s*[!=]==|[!=]==\s*\w+(\.\w+)*\.hash\b/,
  /[!=]==\s*[\w.]*targetHashes\[/,
  /\.rule\s*===\s*\w+\.rule\s*&&[^;]*\.start\s*===/,
];

describe('one place for the rules of an approval', () => {
  it('approve and the publish-time re-check both use approval-rules', () => {
    for (const file of ['libs/posts/src/usecases/review-post.ts', 'libs/posts/src/targets/store/preflight.ts'])
      expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/from '(\.\.\/)+approval-rules'/);
  });

  // Inbox replies are their own aggregate with their own approval (libs/inbox reply-workflow), not a post's.
  it('no other file restates a rule', () => {
    const offenders = ['libs/posts', 'libs/scheduler', 'libs/calendar', 'apps']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .map((path) => relative(ROOT, path))
      .filter((path) => path !== RULES && !path.includes('inbox'))
      .flatMap((path) =>
        readFileSync(join(ROOT, path), 'utf8')
          .split('\n')
          .map((line, i) => ({ path, line: i + 1, text: line.trim() }))
          .filter(({ text }) => RESTATED.some((pattern) => pattern.test(text))),
      );
    expect(offenders).toEqual([]);
  });
});
