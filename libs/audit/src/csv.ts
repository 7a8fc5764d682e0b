import { AuditEntry } from './audit-entry.entity';

export const AUDIT_CSV_HEADER = [
  'seq',
  'at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'before_hash',
  'after_hash',
  'details',
  'prev_hash',
  'hash',
];

export function auditCsvRow(entry: AuditEntry): string {
  return [
    entry.seq,
    entry.at.toISOString(),
    entry.actorLabel,
    entry.action,
    entry.entityType,
    entry.entityId ?? '',
    entry.beforeHash ?? '',
    entry.afterHash ?? '',
    JSON.stringify(entry.details),
    entry.prevHash,
    entry.hash,
  ]
    .map((cell) => csvCell(String(cell)))
    .join(',');
}

/** Quotes a cell, and defuses spreadsheet formulas (a cell opened in Excel must not run). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
