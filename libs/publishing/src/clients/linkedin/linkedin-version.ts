// When the configured LinkedIn-Version is expected to stop working. LinkedIn supports each monthly version for
// about a year and then answers 426 NONEXISTENT_VERSION (202511 was sunset on 2026-11-16), so an operator must
// move LINKEDIN_VERSION on before that: this says how long is left, for the start-up log and /api/health.
import { DateTime } from 'luxon';

/** Warn the operator this long before the expected sunset: time to test a newer version and roll it out. */
export const LINKEDIN_VERSION_WARNING_DAYS = 90;

export type LinkedInVersionState = 'current' | 'ending_soon' | 'retired';

export interface LinkedInVersionStatus {
  version: string;
  /** The first day of the version's month a year later: a little before LinkedIn's sunset, never after it. */
  sunsetsAround: string;
  daysLeft: number;
  state: LinkedInVersionState;
  /** For the operator; null while the version is current. */
  warning: string | null;
}

export function linkedInVersionStatus(
  version: string,
  now: Date,
  warningDays = LINKEDIN_VERSION_WARNING_DAYS,
): LinkedInVersionStatus {
  const released = DateTime.fromObject(
    { year: Number(version.slice(0, 4)), month: Number(version.slice(4, 6)), day: 1 },
    { zone: 'utc' },
  );
  const sunset = released.plus({ years: 1 });
  const daysLeft = Math.floor(sunset.diff(DateTime.fromJSDate(now, { zone: 'utc' }), 'days').days);
  const sunsetsAround = sunset.toISODate()!;
  const state: LinkedInVersionState = daysLeft <= 0 ? 'retired' : daysLeft <= warningDays ? 'ending_soon' : 'current';
  const fix = "Set LINKEDIN_VERSION to a current version (YYYYMM, see LinkedIn's versioning page) and restart.";
  const warning =
    state === 'retired'
      ? `LINKEDIN_VERSION ${version} is past its expected sunset (${sunsetsAround}): LinkedIn may refuse every post with 426 NONEXISTENT_VERSION. ${fix}`
      : state === 'ending_soon'
        ? `LINKEDIN_VERSION ${version} is expected to be retired by LinkedIn around ${sunsetsAround} (in ${daysLeft} days). ${fix}`
        : null;
  return { version, sunsetsAround, daysLeft, state, warning };
}
