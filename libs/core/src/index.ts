export { AppConfig, type ConfigKey } from './config/app-config';
export {
  ConfigError,
  type DatabaseKind,
  databaseKindOf,
  loadConfig,
  ratioOf,
  type ResolvedConfig,
  type RunMode,
  runModeOf,
  sqlitePathOf,
} from './config/load-config';
export { APP_CONFIG } from './config/tokens';
export { CoreModule, type CoreResources } from './core.module';
export { BaseEntity, Column, PracticeOwnedEntity } from './database/base-entity';
export { INSTANT, JSON_COLUMN } from './database/column-types';
export {
  dataSourceOptions,
  describeTarget,
  type EntityList,
  openDatabase,
  pingDatabase,
  postgresNow,
} from './database/data-source';
export { holdTransactionLock, inTransaction } from './database/transactor';
export {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  InvalidTransitionError,
  NotFoundError,
  ServiceUnavailableError,
  TooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
} from './errors/domain-errors';
export { StartupError } from './errors/startup-error';
export { canonicalJson, hashOf, sha256Hex } from './hashing';
export { errorForLog, loggingModule, logLevelEnabled, redactSecrets, redactUrl } from './logging/logging.module';
export { connectRedis, createRedis, pingRedis, REDIS } from './redis/redis';
export { KeyValueStore } from './state/key-value-store';
export { MemoryKeyValueStore } from './state/memory-key-value-store';
export { RedisKeyValueStore } from './state/redis-key-value-store';
export { Clock, FixedClock, SystemClock } from './time/clock';
export { DatabaseClock, POSTGRES_CLOCK_QUERY } from './time/database-clock';
export { closeResources, exitOnStartupError, type OpenOptions, openResources } from './resources';
export {
  instantOfLocal,
  localDateOf,
  resolveRangeBound,
  resolveScheduledFor,
  type ScheduledTime,
} from './time/local-time';
export { Periodic, type PeriodicOptions } from './time/periodic';
export { insertInChunks } from './database/insert-rows';
export { plural } from './text/plural';
export { Mailer, type MailMessage } from './mail/mailer';
export { pgArray } from './database/pg-array';
export { listIn } from './collections/list-in';
export { collectGarbage } from './runtime/collect-garbage';
