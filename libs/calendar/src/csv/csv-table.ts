// Turns an uploaded file into header-named rows, numbered as a spreadsheet shows them (the header is
// row 1, a quoted cell with line breaks is still one row). Anything that is not CSV text is refused here.
import { CsvError, parse } from 'csv-parse/sync';

/** A problem the practice can fix, located the way a spreadsheet shows it. */
export interface CsvProblem {
  /** 1 is the header row; null when the problem is the file as a whole. */
  row: number | null;
  /** The column's header name, or null when the problem is not one cell. */
  column: string | null;
  message: string;
  /** A machine-readable reason where the calendar has one (nonexistent_local_time, ambiguous_local_time). */
  reason?: string;
}

export interface CsvRow {
  row: number;
  values: Record<string, string>;
}

export interface CsvTableSpec {
  required: readonly string[];
  optional: readonly string[];
}

export type CsvTable = { ok: true; rows: CsvRow[] } | { ok: false; problems: CsvProblem[] };

const SAVE_AS =
  'In Excel use File > Save As > "CSV UTF-8 (Comma delimited)"; in Google Sheets, File > Download > Comma-separated values.';

export function readCsvTable(file: Buffer, spec: CsvTableSpec): CsvTable {
  const fileProblem = (message: string): CsvTable => ({ ok: false, problems: [{ row: null, column: null, message }] });
  const text = decode(file);
  if (typeof text !== 'string') return fileProblem(text.problem);
  if (text.trim() === '')
    return fileProblem(
      `The file is empty. Its first row must be the header: ${[...spec.required, ...spec.optional].join(',')}`,
    );

  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      skip_records_with_empty_values: false,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const row =
        typeof (error as CsvError & { records?: number }).records === 'number'
          ? (error as CsvError & { records: number }).records + 1
          : null;
      return {
        ok: false,
        problems: [
          {
            row,
            column: null,
            message: `The file is not valid CSV: ${error.message}. A quote inside a quoted cell must be doubled ("").`,
          },
        ],
      };
    }
    throw error;
  }

  const header = records[0].map((name) => name.trim().toLowerCase());
  const problems: CsvProblem[] = [];
  const known = [...spec.required, ...spec.optional];
  for (const [index, name] of header.entries()) {
    if (name === '' && records.slice(1).every((r) => (r[index] ?? '').trim() === '')) continue; // a trailing empty column
    if (!known.includes(name))
      problems.push({
        row: 1,
        column: name || null,
        message: `Unknown column "${name}" (column ${index + 1}); the columns are ${known.join(', ')}`,
      });
    else if (header.indexOf(name) !== index)
      problems.push({ row: 1, column: name, message: `The column "${name}" appears twice` });
  }
  for (const name of spec.required) {
    if (!header.includes(name))
      problems.push({
        row: 1,
        column: name,
        message: `The header has no "${name}" column; the first row must be: ${known.join(',')}`,
      });
  }
  if (problems.length) return { ok: false, problems };

  const rows: CsvRow[] = [];
  for (const [index, record] of records.entries()) {
    if (index === 0 || record.every((cell) => cell.trim() === '')) continue; // blank rows still count in the numbering
    const extra = record.slice(header.length).some((cell) => cell.trim() !== '');
    if (extra) {
      problems.push({
        row: index + 1,
        column: null,
        message: `This row has ${record.length} cells but the header has ${header.length} columns; put text with commas in double quotes`,
      });
      continue;
    }
    rows.push({
      row: index + 1,
      values: Object.fromEntries(header.map((name, i) => [name, (record[i] ?? '').trim()])),
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

/** UTF-8 text, or why not: spreadsheets and binaries are recognised and named. */
function decode(file: Buffer): string | { problem: string } {
  if (file.length === 0) return '';
  if (file.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    return { problem: `This is a spreadsheet workbook (.xlsx or .ods), not a CSV file. ${SAVE_AS}` };
  if (file.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    return { problem: `This is an Excel 97-2003 workbook (.xls), not a CSV file. ${SAVE_AS}` };
  if (file.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || file.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    return { problem: `The file is UTF-16 text ("Unicode Text"); it must be CSV in UTF-8. ${SAVE_AS}` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return { problem: `The file is not UTF-8 text: it is binary, or CSV saved in another encoding. ${SAVE_AS}` };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text))
    return { problem: 'The file holds binary data, not CSV text. Upload a .csv file.' };
  return text;
}

/** Comma, or the semicolon some European spreadsheets write, or tab: whichever the header row uses. */
function delimiterOf(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}
