export * from './audit-entry.entity';
export * from './audit-log';
export type { AuditQuery } from './audit-store';
export * from './audit.module';
export * from './chain';
export * from './csv';

import { AuditEntry, AuditHead } from './audit-entry.entity';
export const AUDIT_ENTITIES = [AuditEntry, AuditHead];
