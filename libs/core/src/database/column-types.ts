// Column types that differ between PostgreSQL and SQLite. Entities are decorated at import time,
// so the database kind is read from DATABASE_URL here (the same rule the config uses).
import { ColumnOptions } from 'typeorm';
import { databaseKindOf } from '../config/load-config';

const kind = databaseKindOf(process.env.DATABASE_URL);

/** A UTC instant: timestamptz on PostgreSQL, an ISO-like UTC string on SQLite (TypeORM converts). */
export const INSTANT: ColumnOptions['type'] = kind === 'postgres' ? 'timestamptz' : 'datetime';
/** Structured data: jsonb on PostgreSQL, JSON text on SQLite. */
export const JSON_COLUMN: ColumnOptions['type'] = kind === 'postgres' ? 'jsonb' : 'simple-json';
