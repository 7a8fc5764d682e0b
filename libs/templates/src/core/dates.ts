// Date parsing and formatting for templates, always in the practice's IANA zone (Luxon does the
// zone math, so a post scheduled 11:30 pm on Oct 31 in Los Angeles says "October" even though it
// is already November in UTC).
import { DateTime, IANAZone } from 'luxon';

/** Posts are written in US English; a fixed locale keeps rendering deterministic across servers. */
export const DEFAULT_LOCALE = 'en-US';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const zoneValidity = new Map<string, boolean>();

/** Cached: Luxon builds an Intl.DateTimeFormat on every check, and every render checks the practice's zone. */
export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/**
 * Reads a template date value. `YYYY-MM-DD` is a calendar date in the practice's zone (it never
 * shifts a day); a date-time with an offset is an instant shown in the zone; one without an offset
 * is a wall-clock time in the zone. Returns the reason when the value is not a date.
 */
export function parseDateValue(value: string, zone: string, locale = DEFAULT_LOCALE): DateTime | string {
  const trimmed = value.trim();
  if (!CALENDAR_DATE.test(trimmed) && !DATE_TIME.test(trimmed)) {
    return `"${value}" is not a date; write it as YYYY-MM-DD (e.g. 2026-10-14)`;
  }
  const parsed = DateTime.fromISO(trimmed, { zone, locale });
  if (!parsed.isValid)
    return `"${value}" is not a valid date (${parsed.invalidExplanation ?? parsed.invalidReason ?? 'invalid'})`;
  return parsed;
}

export function formatDate(date: DateTime, format: string): string {
  return date.toFormat(format);
}
