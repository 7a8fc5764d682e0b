// Reads the seeded library from config/templates/*.json (one file per category). Synchronous on
// purpose: it runs once at start-up, and a broken library should stop start-up with every problem listed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLibraryDocument, TemplateLibraryError } from './parse-library';
import { LibraryTemplate } from './types';

export function loadTemplateLibrary(directory: string): LibraryTemplate[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const problems: string[] = [];
  const templates: LibraryTemplate[] = [];
  for (const file of files) {
    try {
      templates.push(...parseLibraryDocument(JSON.parse(readFileSync(join(directory, file), 'utf8')) as unknown, file));
    } catch (error: unknown) {
      if (error instanceof TemplateLibraryError) problems.push(...error.problems);
      else problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const seen = new Set<string>();
  for (const t of templates) {
    if (seen.has(t.key)) problems.push(`duplicate key "${t.key}"`);
    seen.add(t.key);
  }
  if (problems.length > 0) throw new TemplateLibraryError(problems);
  return templates;
}
