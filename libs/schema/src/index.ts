// The whole TypeORM model: every capability's entities, for the data source and migration generation.
import { ACCOUNT_ENTITIES } from '@app/accounts';
import { ALERT_ENTITIES } from '@app/alerts';
import { AUDIT_ENTITIES } from '@app/audit';
import { INBOX_ENTITIES } from '@app/inbox';
import { POST_ENTITIES } from '@app/posts';
import { PRACTICE_ENTITIES } from '@app/practices';

export const ALL_ENTITIES = [
  ...PRACTICE_ENTITIES,
  ...AUDIT_ENTITIES,
  ...ACCOUNT_ENTITIES,
  ...POST_ENTITIES,
  ...ALERT_ENTITIES,
  ...INBOX_ENTITIES,
];
