// Finding where an account would go quiet: pure functions over the times it will post, in the practice's zone.
import { DateTime } from 'luxon';
import type { Cadence } from '@app/accounts';

export interface CadenceGap {
  kind: 'long_gap' | 'thin_week';
  /** Start and end of the quiet stretch (or the week). */
  from: Date;
  to: Date;
  /** Posts planned in that week (thin_week) or 0 (long_gap). */
  planned: number;
  message: string;
}

/**
 * @param lastPublished the account's last post before `now` (null: never posted)
 * @param planned the instants it will post at (scheduled and approved), any order
 */
export function findGaps(
  cadence: Cadence,
  zone: string,
  now: Date,
  lookaheadDays: number,
  lastPublished: Date | null,
  planned: Date[],
): CadenceGap[] {
  const horizon = DateTime.fromJSDate(now).plus({ days: lookaheadDays });
  const times = planned.filter((t) => t >= now && t <= horizon.toJSDate()).sort((a, b) => a.getTime() - b.getTime());
  const gaps: CadenceGap[] = [];
  const maxGapMs = cadence.maxGapDays * 86_400_000;
  let previous = lastPublished && lastPublished.getTime() > now.getTime() - maxGapMs ? lastPublished : now;
  for (const time of [...times, horizon.toJSDate()]) {
    if (time.getTime() - previous.getTime() > maxGapMs) {
      gaps.push({
        kind: 'long_gap',
        from: previous,
        to: time,
        planned: 0,
        message: `No post from ${day(previous, zone)} to ${day(time, zone)} (${Math.floor((time.getTime() - previous.getTime()) / 86_400_000)} days; the cadence allows ${cadence.maxGapDays}).`,
      });
    }
    previous = time;
  }
  for (
    let start = DateTime.fromJSDate(now).setZone(zone).startOf('day');
    start.plus({ days: 7 }) <= horizon.plus({ days: 1 });
    start = start.plus({ days: 7 })
  ) {
    const end = start.plus({ days: 7 });
    const count = times.filter((t) => t >= start.toJSDate() && t < end.toJSDate()).length;
    if (count < cadence.minPostsPerWeek) {
      gaps.push({
        kind: 'thin_week',
        from: start.toJSDate(),
        to: end.toJSDate(),
        planned: count,
        message: `${count} post${count === 1 ? '' : 's'} planned for the week of ${start.toFormat('LLL d')}; the cadence asks for at least ${cadence.minPostsPerWeek}.`,
      });
    }
  }
  return gaps;
}

/** The first slot inside the gap that falls in a posting window (window start time, local), or null. */
export function slotInGap(
  cadence: Cadence,
  zone: string,
  gap: Pick<CadenceGap, 'from' | 'to'>,
  now: Date,
): Date | null {
  const windows = cadence.windows.length ? cadence.windows : [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '16:00' }];
  const earliest = DateTime.fromJSDate(new Date(Math.max(gap.from.getTime(), now.getTime()) + 3600_000)).setZone(zone);
  // Aim for the middle of a long gap so the account's rhythm evens out.
  const middle = DateTime.fromJSDate(new Date((gap.from.getTime() + gap.to.getTime()) / 2)).setZone(zone);
  for (const start of [middle.startOf('day'), earliest.startOf('day')]) {
    for (let d = start; d < DateTime.fromJSDate(gap.to).setZone(zone); d = d.plus({ days: 1 })) {
      for (const window of windows.filter((w) => w.days.includes(d.weekday))) {
        const [hour, minute] = window.from.split(':').map(Number);
        const slot = d.set({ hour, minute, second: 0, millisecond: 0 });
        if (slot.hour !== hour) continue; // a DST gap swallowed the window start
        if (slot >= earliest && slot.toJSDate() < gap.to) return slot.toJSDate();
      }
    }
  }
  return null;
}

const day = (date: Date, zone: string) => DateTime.fromJSDate(date).setZone(zone).toFormat('ccc LLL d');
