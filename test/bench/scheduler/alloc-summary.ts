// Prints an allocation sampling profile (bench:scheduler's ALLOC_PROFILE, or any .heapprofile) by function: the
// bytes each allocated itself and those allocated under it, largest first, as one JSON line.
//   npm run -s bench:alloc-summary -- <file.heapprofile> [top (25)]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: ProfileNode[];
}
interface SamplingProfile {
  head: ProfileNode;
  samples: Array<{ nodeId: number; size: number }>;
}

/** "name file:line" with node_modules and the worker's build folder cut from the path. */
const frameName = ({ callFrame: f }: ProfileNode) =>
  `${f.functionName || '(anonymous)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*planner-worker-[^/]+\//, '')}:${f.lineNumber + 1}`;

export function summarize(profile: SamplingProfile, top: number) {
  const bytesAt = new Map<number, number>();
  for (const s of profile.samples) bytesAt.set(s.nodeId, (bytesAt.get(s.nodeId) ?? 0) + s.size);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, above: string[]) => {
    const name = frameName(node);
    const path = [...above, name];
    const bytes = bytesAt.get(node.id) ?? 0;
    if (bytes) {
      total += bytes;
      self.set(name, (self.get(name) ?? 0) + bytes);
      // Once per frame even where a function calls itself.
      for (const frame of new Set(path)) inclusive.set(frame, (inclusive.get(frame) ?? 0) + bytes);
    }
    for (const child of node.children) walk(child, path);
  };
  walk(profile.head, []);
  const largest = (m: Map<string, number>) =>
    [...m]
      .filter(([name]) => !name.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => ({
        mb: Math.round(bytes / 1e5) / 10,
        share: Math.round((1000 * bytes) / total) / 1000,
        name,
      }));
  return { total_mb: Math.round(total / 1e5) / 10, self: largest(self), inclusive: largest(inclusive) };
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench:alloc-summary <file.heapprofile> [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as SamplingProfile;
  process.stdout.write(`${JSON.stringify(summarize(profile, Number(top ?? 25)))}\n`);
}
