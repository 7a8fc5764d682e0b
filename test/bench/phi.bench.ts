// PHI checker throughput on one core: the labelled corpus (a realistic mix of posts), warm-up then a timed loop.
// Prints one JSON line: posts_per_second, p50_us, p99_us and CPU-time throughput (npm run -s bench:phi [-- --seconds 3]).
import { check, PracticeProfile, taggerCallCount } from '@app/compliance';
import { loadCorpus, profileLoader } from '../../scripts/phi/corpus';

function argNumber(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function main(): void {
  const seconds = argNumber('--seconds', 3);
  const profileOf = profileLoader();
  const posts: Array<{ text: string; profile: PracticeProfile }> = loadCorpus().map((item) => ({ text: item.text, profile: profileOf(item.practice) }));
  // Warm-up: JIT, the compromise lexicon, and each profile's allowlist.
  for (let round = 0; round < 5; round++) for (const p of posts) check(p.text, p.profile);
  const taggerBefore = taggerCallCount();
  const durations: number[] = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  let done = 0;
  let blocked = 0;
  while (process.hrtime.bigint() < deadline) {
    for (const p of posts) {
      const t0 = process.hrtime.bigint();
      if (check(p.text, p.profile).verdict === 'block') blocked++;
      durations.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    done += posts.length;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const sorted = Float64Array.from(durations).sort();
  const result = {
    benchmark: 'phi-check',
    posts_per_second: Math.round(done / elapsed),
    p50_us: Math.round(percentile(sorted, 50) * 10) / 10,
    p99_us: Math.round(percentile(sorted, 99) * 10) / 10,
    // On a busy machine the wall clock includes time other processes had the core; CPU time does not.
    cpu_posts_per_second: Math.round(done / cpuSeconds),
    posts: done,
    seconds: Math.round(elapsed * 100) / 100,
    corpus_posts: posts.length,
    block_share: Math.round((blocked / done) * 1000) / 1000,
    tagger_calls_per_1000_posts: Math.round(((taggerCallCount() - taggerBefore) / done) * 1000 * 100) / 100,
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
