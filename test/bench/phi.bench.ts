// PHI checker throughput on one core: the labelled corpus (a realistic mix of posts), warm-up then a timed loop.
// Prints one JSON line: posts (the first corpus, as always), the whole tuned part's posts and its replies per second, p50/p99 µs and CPU-time throughput, with the word lists loaded (npm run -s bench:phi [-- --seconds 3]).
import { check, CheckOptions, PracticeProfile, taggerCallCount } from '@app/compliance';
import { CorpusItem, loadCorpus, loadTunedPart, profileLoader } from '../../scripts/phi/corpus';

function argNumber(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Sample {
  text: string;
  profile: PracticeProfile;
  options: CheckOptions;
}

/** Checks `samples` in a loop for `seconds` after a warm-up and returns throughput and latency figures. */
function measure(samples: readonly Sample[], seconds: number): Record<string, number> {
  for (let round = 0; round < 5; round++) for (const p of samples) check(p.text, p.profile, p.options);
  const taggerBefore = taggerCallCount();
  const durations: number[] = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  let done = 0;
  let blocked = 0;
  while (process.hrtime.bigint() < deadline) {
    for (const p of samples) {
      const t0 = process.hrtime.bigint();
      if (check(p.text, p.profile, p.options).verdict === 'block') blocked++;
      durations.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    done += samples.length;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = Float64Array.from(durations).sort();
  return {
    per_second: Math.round(done / elapsed),
    p50_us: Math.round(percentile(sorted, 50) * 10) / 10,
    p99_us: Math.round(percentile(sorted, 99) * 10) / 10,
    // On a busy machine the wall clock includes time other processes had the core; CPU time does not.
    cpu_per_second: Math.round(done / ((cpu.user + cpu.system) / 1e6)),
    checked: done,
    seconds: Math.round(elapsed * 100) / 100,
    corpus_items: samples.length,
    block_share: Math.round((blocked / done) * 1000) / 1000,
    tagger_calls_per_1000: Math.round(((taggerCallCount() - taggerBefore) / done) * 1000 * 100) / 100,
  };
}

function main(): void {
  const seconds = argNumber('--seconds', 3);
  const loadStarted = process.hrtime.bigint();
  // The first check loads the rule packs and the word lists (people names, medical terms, companies).
  const part = loadTunedPart();
  check('warm-up', { name: '' });
  const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
  const sample = (item: CorpusItem): Sample => ({
    text: item.text,
    profile: part.profileOf(item.practice),
    options: { kind: item.kind, context: item.context },
  });
  // The first corpus is the mix this benchmark has always reported; the whole tuned part has longer posts.
  const firstProfiles = profileLoader();
  const posts = measure(
    loadCorpus()
      .filter((i) => i.kind === 'post')
      .map((i) => ({ text: i.text, profile: firstProfiles(i.practice), options: {} })),
    seconds,
  );
  const tunedPosts = measure(part.items.filter((i) => i.kind === 'post').map(sample), seconds);
  const replies = measure(part.items.filter((i) => i.kind === 'reply').map(sample), seconds);
  const result = {
    benchmark: 'phi-check',
    posts_per_second: posts.per_second,
    p50_us: posts.p50_us,
    p99_us: posts.p99_us,
    cpu_posts_per_second: posts.cpu_per_second,
    posts,
    tuned_posts: tunedPosts,
    replies,
    load_ms: Math.round(loadMs),
    heap_mb: Math.round(process.memoryUsage().heapUsed / 1e6),
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
