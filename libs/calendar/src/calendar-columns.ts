// The post columns a calendar row needs, read by both the SQLite query and the PostgreSQL fast path
// (calendar-rows-postgres.ts); the heavy JSON columns (variants, media, findings) stay in the database.
export const CALENDAR_POST_COLUMNS = [
  'id',
  'status',
  'baseText',
  'templateVars',
  'templateKey',
  'scheduledAt',
  'scheduledLocal',
  'timezone',
  'campaign',
  'tags',
  'version',
  'authorId',
  'contributorIds',
  'verdict',
  'markNote',
  'origin',
  'createdAt',
  'updatedAt',
] as const;
