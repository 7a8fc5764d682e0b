// Text helpers for triage: a folded copy with the same offsets, and sentence and clause bounds.

const ACCENTS: Record<string, string> = {
  á: 'a',
  à: 'a',
  â: 'a',
  ä: 'a',
  ã: 'a',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  í: 'i',
  ì: 'i',
  î: 'i',
  ï: 'i',
  ó: 'o',
  ò: 'o',
  ô: 'o',
  ö: 'o',
  õ: 'o',
  ú: 'u',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ñ: 'n',
  ç: 'c',
  '’': "'",
  '‘': "'",
  ʼ: "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '\u00a0': ' ',
};

/**
 * Lower case without accents, curly quotes straightened, one UTF-16 unit for one: every offset in the
 * folded text is the offset in the original, so spans found on it point at what the person wrote.
 */
export function fold(text: string): string {
  let out = '';
  for (const unit of text) {
    if (unit.length !== 1) {
      out += unit; // astral characters (emoji) stay as they are: two units in, two units out
      continue;
    }
    const lower = unit.toLowerCase();
    const single = lower.length === 1 ? lower : unit;
    out += ACCENTS[single] ?? single;
  }
  return out;
}

export interface Bounds {
  start: number;
  end: number;
}

/** Sentences: split after . ! ? … and line breaks (a decimal point such as 101.5 does not split). */
export function sentenceBounds(text: string): Bounds[] {
  const out: Bounds[] = [];
  const splitter = /(?:[.!?…]+(?!\d)|\n+)/g;
  let start = 0;
  for (const match of text.matchAll(splitter)) {
    const end = match.index + match[0].length;
    if (text.slice(start, end).trim()) out.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim()) out.push({ start, end: text.length });
  return out.length ? out : [{ start: 0, end: text.length }];
}

export function boundsAround(bounds: readonly Bounds[], offset: number): Bounds {
  return bounds.find((b) => offset >= b.start && offset < b.end) ?? { start: 0, end: Number.MAX_SAFE_INTEGER };
}

/** The clause before an offset: back to the last comma, semicolon, dash or sentence end. */
export function clauseBefore(folded: string, offset: number): string {
  const before = folded.slice(0, offset);
  const cut = Math.max(
    before.lastIndexOf(','),
    before.lastIndexOf(';'),
    before.lastIndexOf('.'),
    before.lastIndexOf('!'),
    before.lastIndexOf('?'),
    before.lastIndexOf(' - '),
    before.lastIndexOf('—'),
    before.lastIndexOf('\n'),
  );
  return before.slice(cut + 1);
}
