// The seeded template library from config/templates, loaded once; a broken library stops start-up.
import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LibraryTemplate, loadTemplateLibrary } from '@app/templates';

export const TEMPLATE_LIBRARY = Symbol('TEMPLATE_LIBRARY');

/** Finds config/templates from the sources (ts) and from the build (dist/...). */
export function findConfigDir(name: string, from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'config', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`config/${name} not found above ${from}`);
}

@Injectable()
export class TemplateLibrary {
  readonly templates: readonly LibraryTemplate[] = loadTemplateLibrary(findConfigDir('templates'));
  readonly byKey: ReadonlyMap<string, LibraryTemplate> = new Map(this.templates.map((t) => [t.key, t]));
}
