// Finds config/phi-rules from wherever this file runs (TS sources or dist/) and reads the packs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RulePack, RulePackError, validateManifest, validatePackFile } from './schema';

export const RULES_DIR = join('config', 'phi-rules');
const MANIFEST = 'manifest.json';

/** Walks up from `from` until a folder containing config/phi-rules/manifest.json is found. */
export function findRulesDirectory(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, RULES_DIR);
    if (existsSync(join(candidate, MANIFEST))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new RulePackError([`could not find ${RULES_DIR}/${MANIFEST} in ${resolve(from)} or any folder above it`]);
    }
    dir = parent;
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RulePackError([`${path}: ${reason}`]);
  }
}

/** Reads and validates the manifest and every pack it lists. */
export function readRulePack(directory: string = findRulesDirectory()): RulePack {
  const manifest = validateManifest(readJson(join(directory, MANIFEST)), MANIFEST);
  const packs = manifest.packs.map((file) => validatePackFile(readJson(join(directory, file)), file));
  return { manifest, packs };
}

/**
 * "phi-rules@2025.11.0+1a2b3c4d": the manifest version plus a hash of the pack contents, so an edit
 * that forgot to bump the version still shows up as a different rules version in stored results.
 */
export function rulePackVersion(pack: RulePack): string {
  const hash = createHash('sha256').update(JSON.stringify(pack)).digest('hex').slice(0, 8);
  return `${pack.manifest.ruleset}@${pack.manifest.version}+${hash}`;
}
