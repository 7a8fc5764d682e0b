// The PHI checker's resident memory: live V8 heap and typed-array memory after a full GC, before and after requiring
// @app/compliance, after its first check, and after checking the first corpus (its words in the word book).
//   npm run -s bench:phi-heap [-- --snapshot file.heapsnapshot]   (the snapshot is written after the first check)
// Prints one JSON line, in MB. Typed arrays live outside the heap (array_buffers) but are resident all the same.
import { writeHeapSnapshot } from 'node:v8';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run -s bench:phi-heap)');
const collect = gc;

interface Usage {
  heap: number;
  arrayBuffers: number;
}

function usage(): Usage {
  // Several passes: weak references and finalizers are cleared over more than one.
  for (let i = 0; i < 4; i++) collect();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 1048576, arrayBuffers: m.arrayBuffers / 1048576 };
}

const round = (mb: number): number => Math.round(mb * 100) / 100;
const grown = (from: Usage, to: Usage): { heap_mb: number; array_buffers_mb: number } => ({
  heap_mb: round(to.heap - from.heap),
  array_buffers_mb: round(to.arrayBuffers - from.arrayBuffers),
});

const compromiseLoaded = (): boolean => Object.keys(require.cache).some((path) => /[\\/]compromise[\\/]/.test(path));

const before = usage();
const compliance = require('@app/compliance') as typeof import('@app/compliance');
const required = usage();
const startedAt = process.hrtime.bigint();
const first = compliance.check('Congrats to Emma on finishing her Invisalign today!', { name: 'Bright Smile Dental' });
const firstCheckMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
const checked = usage();
const at = process.argv.indexOf('--snapshot');
if (at >= 0) writeHeapSnapshot(process.argv[at + 1]);
// The corpus reader imports @app/compliance itself: it is loaded only now.
const corpus = require('../../scripts/phi/corpus') as typeof import('../../scripts/phi/corpus');
const profileOf = corpus.profileLoader();
for (const item of corpus.loadCorpus()) {
  compliance.check(item.text, profileOf(item.practice), { kind: item.kind, context: item.context });
}
const afterCorpus = usage();

process.stdout.write(
  `${JSON.stringify({
    benchmark: 'phi-heap',
    require: grown(before, required),
    first_check: grown(required, checked),
    total_after_first_check: grown(before, checked),
    first_check_ms: Math.round(firstCheckMs),
    first_verdict: first.verdict,
    after_first_corpus: grown(before, afterCorpus),
    tagger_calls: compliance.taggerCallCount(),
    compromise_loaded: compromiseLoaded(),
    node: process.version,
  })}\n`,
);
