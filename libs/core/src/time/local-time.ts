// Scheduled times are entered as the practice's wall-clock time. Luxon does all zone math; a time
// that does not exist (spring forward) is refused, and one that happens twice (fall back) needs an offset.
import { DateTime } from 'luxon';
import { InvalidInputError } from '../errors/domain-errors';

export interface ScheduledTime {
  /** The UTC instant. */
  instant: Date;
  /** Wall time in the zone, "YYYY-MM-DDTHH:mm". */
  local: string;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

/** Reads "2026-12-01T09:00" (local to `zone`) or an ISO instant with an offset ("…-05:00", "…Z"). */
export function resolveScheduledFor(input: string, zone: string): ScheduledTime {
  const value = input.trim();
  if (WITH_OFFSET.test(value)) {
    const dt = DateTime.fromISO(value, { setZone: true });
    if (!dt.isValid) throw new InvalidInputError(`"${input}" is not a valid date and time`, { field: 'scheduledFor' });
    const instant = dt.startOf('second');
    return { instant: instant.toJSDate(), local: instant.setZone(zone).toFormat(LOCAL_FORMAT) };
  }
  const parts = LOCAL.exec(value);
  if (!parts) {
    throw new InvalidInputError(
      `"${input}" is not a date and time: give a local date and time like 2026-12-01T09:00 (in ${zone}) or an ISO time with an offset`,
      { field: 'scheduledFor' },
    );
  }
  const [, year, month, day, hour, minute] = parts.map(Number);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!dt.isValid) throw new InvalidInputError(`"${input}" is not a valid date and time`, { field: 'scheduledFor' });
  const asked = value.slice(0, 16).replace(' ', 'T');
  if (dt.toFormat(LOCAL_FORMAT) !== asked) {
    throw new InvalidInputError(
      `${asked.slice(11)} on ${asked.slice(0, 10)} does not exist in ${zone}: the clocks go forward that night. Pick ${dt.toFormat('HH:mm')} or later, or an earlier time.`,
      { field: 'scheduledFor', reason: 'nonexistent_local_time' },
    );
  }
  const offsets = dt.getPossibleOffsets();
  if (offsets.length > 1) {
    const [first, second] = [...offsets].sort((a, b) => a.toMillis() - b.toMillis()).map((o) => o.toFormat('ZZ'));
    throw new InvalidInputError(
      `${asked.slice(11)} on ${asked.slice(0, 10)} happens twice in ${zone}: the clocks go back that night. Send it with an offset: ${asked}${first} (the first) or ${asked}${second} (the second).`,
      { field: 'scheduledFor', reason: 'ambiguous_local_time', options: [`${asked}${first}`, `${asked}${second}`] },
    );
  }
  return { instant: dt.toJSDate(), local: asked };
}

/** The instant a stored wall time maps to today (zone rules can change between releases). */
export function instantOfLocal(local: string, zone: string): Date {
  return resolveScheduledFor(local, zone).instant;
}

/** A range bound: a local date ("2026-12-01", the start of that day in the zone) or an ISO instant. */
export function resolveRangeBound(input: string, zone: string, edge: 'from' | 'to'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) {
    const day = DateTime.fromISO(input, { zone });
    if (!day.isValid) throw new InvalidInputError(`${edge} "${input}" is not a valid date`);
    return (edge === 'from' ? day.startOf('day') : day.plus({ days: 1 }).startOf('day')).toJSDate();
  }
  const dt = DateTime.fromISO(input, { setZone: true });
  if (!dt.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(input)) {
    throw new InvalidInputError(
      `${edge} "${input}" must be a local date (2026-12-01) or an ISO instant with an offset`,
    );
  }
  return dt.toJSDate();
}

/** Moves a wall time to another local date, keeping the clock time (drag and drop to another day). */
export function localDateOf(local: string): string {
  return local.slice(0, 10);
}
