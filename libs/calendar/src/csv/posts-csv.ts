// Reads a CSV of planned posts (date,time,networks,text,campaign) and checks every row the way the
// calendar and the composer would, so an import is all or nothing and every problem is reported at once.
import { DateTime } from 'luxon';
import { DomainError, resolveScheduledFor } from '@app/core';
import { fitsNetwork, NETWORK_LIMITS, NETWORK_NAMES, postLength, withArticle, type Network } from '@app/publishing';
import { Practice } from '@app/practices';
import {
  availableVariables,
  renderTemplate,
  TemplateRenderError,
  TemplateValidationError,
  validateTemplate,
} from '@app/templates';
import { practiceVariables } from '@app/posts';
import { CsvProblem, CsvRow, readCsvTable } from './csv-table';
import { ImportAccount, readNetworkCell } from './network-column';

export const POSTS_CSV_COLUMNS = { required: ['date', 'time', 'networks', 'text'], optional: ['campaign'] } as const;
/** Larger files are refused before they are read (the upload limit), and longer files after. */
export const POSTS_CSV_MAX_BYTES = 1024 * 1024;
export const POSTS_CSV_MAX_ROWS = 1000;
/** Enough to fix a file in one go without an answer the size of the file. */
const MAX_PROBLEMS = 500;
const MAX_TEXT = NETWORK_LIMITS.facebook;
const MAX_CAMPAIGN = 100;

export interface PostsCsvContext {
  practice: Practice;
  /** The practice's accounts that posts may target (not disconnected ones). */
  accounts: readonly ImportAccount[];
  now: Date;
}

/** One valid row, ready for the composer. */
export interface PostsCsvRow {
  row: number;
  /** "YYYY-MM-DDTHH:mm" in the practice's zone, with an offset when the row gave one (fall-back hour). */
  scheduledFor: string;
  scheduledLocal: string;
  scheduledAt: Date;
  accountIds: string[];
  networks: Network[];
  text: string;
  campaign: string | null;
}

export type PostsCsvResult = { ok: true; rows: PostsCsvRow[] } | { ok: false; problems: CsvProblem[] };

export function readPostsCsv(file: Buffer, context: PostsCsvContext): PostsCsvResult {
  const table = readCsvTable(file, POSTS_CSV_COLUMNS);
  if (!table.ok) return table;
  if (table.rows.length === 0)
    return { ok: false, problems: [{ row: null, column: null, message: 'The file has a header but no posts' }] };
  if (table.rows.length > POSTS_CSV_MAX_ROWS) {
    return {
      ok: false,
      problems: [
        {
          row: null,
          column: null,
          message: `The file has ${table.rows.length.toLocaleString('en-US')} posts; import at most ${POSTS_CSV_MAX_ROWS.toLocaleString('en-US')} at a time (split the file)`,
        },
      ],
    };
  }
  const rows: PostsCsvRow[] = [];
  const problems: CsvProblem[] = [];
  for (const row of table.rows) {
    const result = readRow(row, context);
    if ('problems' in result) problems.push(...result.problems);
    else rows.push(result);
  }
  if (problems.length > MAX_PROBLEMS) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    shown.push({
      row: null,
      column: null,
      message: `…and ${problems.length - MAX_PROBLEMS} more problems not listed; fix these and upload again`,
    });
    return { ok: false, problems: shown };
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

function readRow({ row, values }: CsvRow, context: PostsCsvContext): PostsCsvRow | { problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const problem = (column: string | null, message: string, reason?: string) =>
    problems.push({ row, column, message, ...(reason ? { reason } : {}) });
  const zone = context.practice.timezone;

  const time = readTime(values.date, values.time, zone, context.now);
  if ('problem' in time) problem(time.column, time.problem, time.reason);

  const networks = readNetworkCell(values.networks, context.accounts);
  if ('problems' in networks) for (const message of networks.problems) problem('networks', message);

  const text = values.text.replace(/\r\n?/g, '\n').trim();
  let textOk = true;
  if (text === '') {
    problem('text', 'text is empty');
    textOk = false;
  } else if (text.length > MAX_TEXT) {
    problem(
      'text',
      `text is ${text.length.toLocaleString('en-US')} characters; the longest post any network takes is ${MAX_TEXT.toLocaleString('en-US')}`,
    );
    textOk = false;
  } else {
    const check = validateTemplate(text, availableVariables([]));
    for (const issue of check.issues)
      problem('text', `${issue.message}${text.includes('\n') ? ` (line ${issue.line} of the text)` : ''}`);
    textOk = check.valid;
  }
  if (textOk && 'networks' in networks) {
    // A value missing from the practice profile fails every network alike: say it once.
    const messages = new Set(
      networks.networks.map((network) =>
        lengthProblem(text, network, context, 'instant' in time ? time.instant : undefined),
      ),
    );
    for (const message of messages) if (message) problem('text', message);
  }

  const campaign = (values.campaign ?? '').trim();
  if (campaign.length > MAX_CAMPAIGN)
    problem('campaign', `campaign is ${campaign.length} characters; at most ${MAX_CAMPAIGN}`);

  if (problems.length || 'problem' in time || 'problems' in networks) return { problems };
  return {
    row,
    scheduledFor: time.scheduledFor,
    scheduledLocal: time.local,
    scheduledAt: time.instant,
    accountIds: networks.accountIds,
    networks: networks.networks,
    text,
    campaign: campaign || null,
  };
}

type TimeResult =
  | { scheduledFor: string; local: string; instant: Date }
  | { problem: string; column: 'date' | 'time'; reason?: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::00)?(?:\s*([+-]\d{2}:?\d{2}))?$/;

/** The row's wall time in the practice zone, refused the way the calendar refuses it (gap, repeat, past). */
function readTime(date: string, time: string, zone: string, now: Date): TimeResult {
  if (!date) return { column: 'date', problem: 'date is empty; write it as YYYY-MM-DD, e.g. 2027-01-12' };
  if (!DATE.test(date)) {
    return {
      column: 'date',
      problem: `date "${date}" must be YYYY-MM-DD, e.g. 2027-01-12 (if your spreadsheet changed it, format the column as text)`,
    };
  }
  if (!DateTime.fromISO(date, { zone }).isValid)
    return { column: 'date', problem: `date ${date} is not a day in the calendar` };
  const parts = TIME.exec(time);
  if (!time)
    return { column: 'time', problem: 'time is empty; write it as HH:mm on a 24-hour clock, e.g. 09:00 or 14:30' };
  if (!parts || Number(parts[1]) > 23 || Number(parts[2]) > 59) {
    return { column: 'time', problem: `time "${time}" must be HH:mm on a 24-hour clock, e.g. 09:00 or 14:30` };
  }
  const clock = `${parts[1].padStart(2, '0')}:${parts[2]}`;
  const offset = parts[3] ? normaliseOffset(parts[3]) : '';
  const local = `${date}T${clock}`;
  let resolved: { instant: Date; local: string };
  try {
    resolved = resolveScheduledFor(`${local}${offset}`, zone);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
    if (reason === 'ambiguous_local_time') {
      const options = (error.details?.options as string[] | undefined)?.map((o) => `${clock}${o.slice(16)}`) ?? [];
      return {
        column: 'time',
        reason,
        problem: `${clock} on ${date} happens twice in ${zone}: the clocks go back that night. Write the time as ${options[0]} (the first) or ${options[1]} (the second)`,
      };
    }
    return { column: reason ? 'time' : 'date', reason, problem: error.message };
  }
  if (offset && resolved.local !== local) {
    return {
      column: 'time',
      problem: `${clock}${offset} is not ${clock} in ${zone} on ${date} (it is ${resolved.local.slice(11)} there); leave the offset out, or use the zone's own`,
    };
  }
  if (resolved.instant.getTime() <= now.getTime()) {
    const today = DateTime.fromJSDate(now, { zone }).toISODate();
    return {
      column: date < (today ?? '') ? 'date' : 'time',
      problem: `${date} ${clock} (${zone}) is in the past; pick a later date and time`,
    };
  }
  return { scheduledFor: `${local}${offset}`, local, instant: resolved.instant };
}

function normaliseOffset(offset: string): string {
  const digits = offset.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

/** The text as the network will receive it (variables filled in), against that network's limit. */
function lengthProblem(
  text: string,
  network: Network,
  context: PostsCsvContext,
  instant: Date | undefined,
): string | null {
  let rendered: string;
  try {
    rendered = renderTemplate(text, {
      practice: practiceVariables(context.practice),
      vars: {},
      network,
      timezone: context.practice.timezone,
      scheduledAt: instant?.toISOString(),
    });
  } catch (error) {
    if (error instanceof TemplateRenderError || error instanceof TemplateValidationError) return error.message;
    throw error;
  }
  if (fitsNetwork(rendered, network)) return null;
  return (
    `The ${NETWORK_NAMES[network]} text is ${postLength(rendered, network)} characters once its variables are filled in; the limit is ${NETWORK_LIMITS[network]}` +
    `${network === 'x' ? ' (as X counts them: links 23, emoji 2)' : ''}. Shorten it, or leave ${network} out of this row and write ${withArticle(NETWORK_NAMES[network])} version in the app`
  );
}
