// One finding per phrase: the checker reads each network's text, so a phrase kept on three networks comes back
// three times. People act on the phrase, so pages and messages show it once, naming the networks it is on.
import { NETWORKS } from '@app/publishing';
import { StoredFinding } from './entities/post.entity';

export interface PhraseFinding extends Omit<StoredFinding, 'network' | 'start' | 'end'> {
  /** The networks whose text holds the phrase, in the usual order ('base' for a check of the shared text). */
  networks: StoredFinding['network'][];
  /** Each network's own finding, as the approval's overrides name them (rule, network, start). */
  occurrences: Array<Pick<StoredFinding, 'network' | 'start' | 'end'>>;
}

const ORDER: readonly string[] = ['base', ...NETWORKS];

/** Findings grouped by rule and phrase (case-insensitive), the most severe first, in the text's order. */
export function groupFindings(findings: readonly StoredFinding[]): PhraseFinding[] {
  const groups = new Map<string, PhraseFinding>();
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.text.toLowerCase()}`;
    const group = groups.get(key);
    if (!group) {
      const { network, start, end, ...rest } = f;
      groups.set(key, { ...rest, networks: [network], occurrences: [{ network, start, end }] });
      continue;
    }
    if (f.severity === 'block') group.severity = 'block';
    if (!group.networks.includes(f.network)) group.networks.push(f.network);
    group.occurrences.push({ network: f.network, start: f.start, end: f.end });
  }
  const list = [...groups.values()];
  for (const g of list) g.networks.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const first = (g: PhraseFinding) => Math.min(...g.occurrences.map((o) => o.start));
  return list.sort((a, b) => (a.severity === b.severity ? first(a) - first(b) : a.severity === 'block' ? -1 : 1));
}
