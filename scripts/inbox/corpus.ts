// The labelled comment corpus (test/fixtures/inbox): a tuned part the rules were written against, a blind part never read.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TRIAGE_LABELS, TriageLabel } from '@app/inbox';

export interface LabelledComment {
  id: string;
  text: string;
  labels: TriageLabel[];
  lang: 'en' | 'es';
  network: string;
}

export const CORPUS_DIR = resolve(__dirname, '..', '..', 'test', 'fixtures', 'inbox');

export function loadComments(path: string): LabelledComment[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const item = JSON.parse(line) as LabelledComment;
      if (typeof item.id !== 'string' || typeof item.text !== 'string' || !Array.isArray(item.labels))
        throw new Error(`${path}:${i + 1}: needs "id", "text" and "labels"`);
      const unknown = item.labels.filter((l) => !(TRIAGE_LABELS as readonly string[]).includes(l));
      if (unknown.length) throw new Error(`${path}:${i + 1}: unknown label ${unknown.join(', ')}`);
      return item;
    });
}

/** A part's files, one per writer, in a stable order. */
function partFiles(part: 'tuned' | 'blind'): Array<{ writer: string; path: string }> {
  const dir = join(CORPUS_DIR, part);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => ({ writer: f.replace(/\.jsonl$/, ''), path: join(dir, f) }));
}

/** The tuned part: every file in tuned/ (comments.jsonl, then other writers' files). */
export const loadTuned = (): LabelledComment[] => partFiles('tuned').flatMap((f) => loadComments(f.path));

/** The tuned part with each comment's writer (its file): the folds of inbox:train. */
export const loadTunedByWriter = (): Array<LabelledComment & { writer: string }> =>
  partFiles('tuned').flatMap((f) => loadComments(f.path).map((item) => ({ ...item, writer: f.writer })));

/**
 * The blind part, one file per writer: comments.jsonl was written by the rules' author before any rule existed;
 * every other file by a writer who never saw the rules or the tuned part.
 */
export function blindFiles(): Array<{ writer: string; path: string }> {
  return partFiles('blind');
}

export const loadBlind = (): LabelledComment[] => blindFiles().flatMap((f) => loadComments(f.path));
