// The whole TypeORM model: every capability's entities, for the data source and migration generation.
import { AUDIT_ENTITIES } from '@app/audit';
import { PRACTICE_ENTITIES } from '@app/practices';

export const ALL_ENTITIES = [...PRACTICE_ENTITIES, ...AUDIT_ENTITIES];
