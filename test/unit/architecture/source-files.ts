// The architecture specs read the tree as text: the repository root and its TypeScript files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** Every .ts file below `dir`; unit specs left out unless `withSpecs`. */
export function sourceFiles(dir: string, options: { withSpecs?: boolean } = {}): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, options);
    return entry.name.endsWith('.ts') && (options.withSpecs || !entry.name.endsWith('.spec.ts')) ? [path] : [];
  });
}
