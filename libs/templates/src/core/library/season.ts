// Whether a library template suits a given day, for suggesting content on the calendar.
import { LibraryTemplate } from './types';

/** @param isoDate the day in the practice's zone, YYYY-MM-DD */
export function appliesOn(template: LibraryTemplate, isoDate: string): boolean {
  if (template.kind === 'evergreen') return true;
  const monthDay = isoDate.slice(5, 10);
  if (template.month !== undefined) return Number(monthDay.slice(0, 2)) === template.month;
  if (template.window) {
    const { from, to } = template.window;
    // Plain string comparison works for zero-padded MM-DD; a window with from > to wraps the new year.
    return from <= to ? monthDay >= from && monthDay <= to : monthDay >= from || monthDay <= to;
  }
  return false;
}
