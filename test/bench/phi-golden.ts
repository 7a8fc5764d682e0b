// Golden hash of the PHI checker's outputs: proves a speed-up changed no decision and no finding.
//   node -r @swc-node/register -r tsconfig-paths/register test/bench/phi-golden.ts
// Runs check() over every item of the labelled corpus (tuned and blind parts, posts and replies with their kind,
// context and practice profile, as phi:eval does) and prints one JSON line: a sha256 over all results (verdict,
// findings with spans, rules, reasons, suggestions, authorized, rules version) and one per set. It also hashes the
// story model's features (what phi:train reads) and, for the first corpus, the bench's call without options.
// Only hashes are printed: the blind part's texts and results must never be read by whoever tunes the checker.
import { createHash, Hash } from 'node:crypto';
import { check, createChecker, readRulePack, storyModelOnDisk } from '@app/compliance';
import {
  CorpusItem,
  CorpusPart,
  loadBlindPart,
  loadCorpus,
  loadTunedPart,
  profileLoader,
} from '../../scripts/phi/corpus';

interface SetHashes {
  items: number;
  results: string;
  features: string;
}

const all = createHash('sha256');
const allFeatures = createHash('sha256');
const sets: Record<string, SetHashes> = {};
// The same checker check() uses, for storyFeatures (check() itself goes through the module's default checker).
const featureChecker = createChecker(readRulePack(), storyModelOnDisk());

function feed(hashes: Hash[], value: string): void {
  for (const h of hashes) h.update(value).update('\n');
}

function hashSet(name: string, items: readonly CorpusItem[], part: Pick<CorpusPart, 'profileOf'>, bare = false): void {
  const results = createHash('sha256');
  const features = createHash('sha256');
  for (const item of items) {
    const profile = part.profileOf(item.practice);
    const options = bare ? {} : { kind: item.kind, context: item.context };
    feed([results, all], `${name}\t${item.id}\t${JSON.stringify(check(item.text, profile, options))}`);
    feed(
      [features, allFeatures],
      `${name}\t${item.id}\t${JSON.stringify(featureChecker.storyFeatures(item.text, profile, options))}`,
    );
  }
  sets[name] = { items: items.length, results: results.digest('hex'), features: features.digest('hex') };
}

const first = loadCorpus();
const tuned = loadTunedPart();
const blind = loadBlindPart();
// The tuned part is the first corpus followed by tuned/*.jsonl; phi:eval looks profiles up through it.
hashSet('corpus', tuned.items.slice(0, first.length), tuned);
// bench:phi checks the first corpus's posts with no options at all.
hashSet(
  'corpus-bench',
  first.filter((i) => i.kind === 'post'),
  { profileOf: profileLoader() },
  true,
);
hashSet('tuned', tuned.items.slice(first.length), tuned);
hashSet('blind', blind.items, blind);

process.stdout.write(
  `${JSON.stringify({ results: all.digest('hex'), features: allFeatures.digest('hex'), sets }, null, 2)}\n`,
);
