export { AuditEntry, AuditHead } from './audit-entry.entity';
export { type Actor, type AuditEvent, AuditLog, SYSTEM_ACTOR } from './audit-log';
export type { AuditQuery } from './audit-store';
export { AuditModule } from './audit.module';
export { GENESIS_HASH } from './chain';
export { AUDIT_CSV_HEADER, auditCsvRow } from './csv';

import { AuditEntry, AuditHead } from './audit-entry.entity';
export const AUDIT_ENTITIES = [AuditEntry, AuditHead];
