// The libs read top-down: each imports only libs on a lower layer (so the graph has no cycle), and no lib
// imports an app. One look at LAYERS says where new code may reach.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, sourceFiles } from './source-files';

/** Lower layers first; a lib may import only libs on a lower layer (those on one layer stay independent). */
const LAYERS: readonly (readonly string[])[] = [
  ['core', 'compliance', 'templates'],
  ['publishing', 'audit'],
  ['practices'],
  ['alerts'],
  ['accounts'],
  ['posts'],
  // The inbox (comments from the networks, triage, actions) reads posts and accounts; the worker runs its timers.
  ['calendar', 'inbox'],
  ['scheduler'],
  // The whole TypeORM model, for the apps and scripts that open the database.
  ['schema'],
];

const layerOf = new Map(LAYERS.flatMap((libs, layer) => libs.map((lib) => [lib, layer] as const)));

interface LibImport {
  file: string;
  from: string;
  to: string;
}

function libImports(): LibImport[] {
  const imports: LibImport[] = [];
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    for (const file of sourceFiles(join(ROOT, 'libs', lib, 'src'), { withSpecs: true })) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import\()\s*'@app\/([a-z-]+)'/g)) {
        if (match[1] !== lib) imports.push({ file: relative(ROOT, file), from: lib, to: match[1] });
      }
    }
  }
  return imports;
}

describe('the lib graph', () => {
  const imports = libImports();

  it('reads the imports (the scheduler imports the posts lib)', () => {
    expect(imports.some((i) => i.from === 'scheduler' && i.to === 'posts')).toBe(true);
  });

  it('places every lib on a layer', () => {
    expect(readdirSync(join(ROOT, 'libs')).filter((lib) => !layerOf.has(lib))).toEqual([]);
  });

  it('has every lib import a lower layer only, so there is no cycle', () => {
    const upward = imports
      .filter((i) => layerOf.get(i.to)! >= layerOf.get(i.from)!)
      .map((i) => `${i.file}: ${i.from} -> ${i.to}`);
    expect(upward).toEqual([]);
  });

  it('has no lib import an app or another lib by path', () => {
    const byPath = sourceFiles(join(ROOT, 'libs'), { withSpecs: true }).filter((file) =>
      /from '(\.\.\/)+(apps|libs)\//.test(readFileSync(file, 'utf8')),
    );
    expect(byPath.map((file) => relative(ROOT, file))).toEqual([]);
  });
});
