// A VTIMEZONE for a practice's IANA zone, computed with Luxon, so calendar apps that do not know the
// zone by name (Outlook on some versions) still place 09:00 local at 09:00 on both sides of a DST change.
import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const LOCAL_FORMAT = "yyyyMMdd'T'HHmmss";

interface Transition {
  /** The instant the new offset starts. */
  at: number;
  /** Offsets in minutes before and after. */
  from: number;
  to: number;
}

/**
 * The zone's rules between `from` and `to`, as one observance per transition (DTSTART with no RRULE):
 * exact for the covered years, including zones whose rules changed, and no guessing of future rules.
 */
export function vtimezoneOf(zone: string, from: Date, to: Date): string {
  const start = DateTime.fromJSDate(from, { zone }).startOf('day');
  if (!start.isValid) throw new Error(`Unknown time zone "${zone}"`);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  // The first observance: the offset in effect at the start of the range.
  lines.push(...observance(start, start.offset, start.offset, start.isInDST));
  for (const transition of transitions(zone, start.toMillis(), to.getTime())) {
    const after = DateTime.fromMillis(transition.at, { zone });
    // DTSTART is the wall-clock time the change happens, read in the offset before it.
    const onset = DateTime.fromMillis(transition.at, { zone: 'UTC' }).plus({ minutes: transition.from });
    lines.push(...observance(onset, transition.from, transition.to, after.isInDST, after));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

function observance(
  onset: DateTime,
  fromMinutes: number,
  toMinutes: number,
  dst: boolean,
  named: DateTime = onset,
): string[] {
  const kind = dst ? 'DAYLIGHT' : 'STANDARD';
  const name = named.offsetNameShort;
  return [
    `BEGIN:${kind}`,
    `DTSTART:${onset.toFormat(LOCAL_FORMAT)}`,
    `TZOFFSETFROM:${formatOffset(fromMinutes)}`,
    `TZOFFSETTO:${formatOffset(toMinutes)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

/** Every offset change in [startMs, endMs]: scanned a day at a time, then narrowed to the minute. */
export function transitions(zone: string, startMs: number, endMs: number): Transition[] {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const found: Transition[] = [];
  let previous = startMs;
  let previousOffset = offsetAt(previous);
  for (let at = startMs + DAY_MS; at <= endMs + DAY_MS; at += DAY_MS) {
    const offset = offsetAt(at);
    if (offset !== previousOffset) {
      let low = previous;
      let high = at;
      while (high - low > MINUTE_MS) {
        const middle = low + Math.max(MINUTE_MS, Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS);
        if (middle >= high) break;
        if (offsetAt(middle) === previousOffset) low = middle;
        else high = middle;
      }
      found.push({ at: high, from: previousOffset, to: offset });
    }
    previous = at;
    previousOffset = offset;
  }
  return found;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
