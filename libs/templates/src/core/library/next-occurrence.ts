// Dated templates (a month, or a window such as Thanksgiving week) suggest their next occurrence, never one that
// has passed: picked in December, "American Heart Month" proposes next February, not last February.
import { DatedTemplate, LibraryTemplate, RequiredVar } from './types';

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The window's days as MM-DD; a month runs from its first to its last day (February: 02-29 covers leap years). */
function windowOf(template: DatedTemplate): { from: string; to: string } | null {
  if (template.month !== undefined)
    return { from: `${pad(template.month)}-01`, to: `${pad(template.month)}-${pad(lastDayOf(2024, template.month))}` };
  return template.window ?? null;
}

/**
 * The first day on or after `today` (YYYY-MM-DD, in the practice's zone) on which a dated template applies:
 * today while its window is open, else the start of its next window. Null for evergreen templates.
 */
export function nextOccurrence(template: LibraryTemplate, today: string): string | null {
  if (template.kind !== 'dated') return null;
  const window = windowOf(template);
  if (!window) return null;
  const monthDay = today.slice(5, 10);
  const year = Number(today.slice(0, 4));
  const { from, to } = window;
  const open = from <= to ? monthDay >= from && monthDay <= to : monthDay >= from || monthDay <= to;
  if (open) return today;
  return `${monthDay < from ? year : year + 1}-${from}`;
}

/** A YYYY-MM-DD day moved forward by whole years until it is not before `today` (29 Feb becomes 28 Feb). */
export function rollForward(day: string, today: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day >= today) return day;
  const monthDay = day.slice(5);
  let year = Number(today.slice(0, 4));
  const dayIn = (y: number) => (monthDay === '02-29' && lastDayOf(y, 2) === 28 ? `${y}-02-28` : `${y}-${monthDay}`);
  if (dayIn(year) < today) year += 1;
  return dayIn(year);
}

/** The template's example values with every date example that has passed moved to its next year. */
export function upcomingExamples(vars: readonly RequiredVar[], today: string): RequiredVar[] {
  return vars.map((v) => (v.type === 'date' ? { ...v, example: rollForward(v.example, today) } : v));
}
