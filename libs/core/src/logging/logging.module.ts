// Structured JSON logs with a request id on every line; secrets and cookies never reach the log.
import { DynamicModule, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';

/** Keys whose values never reach the log, at the top of a log line or one level down (`{ account: { token } }`). */
const SECRET_KEYS = new Set(['password', 'accessToken', 'refreshToken', 'token']);
/** Headers that never reach the log, in any logged object's `headers` (a request's, a response's). */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie']);
const CENSOR = '[redacted]';

/**
 * A log line's fields with secrets censored (pino's `formatters.log`, run on every line written). Hand-written
 * rather than pino's `redact` paths: those are parsed again on every line (12 KB of garbage a line, a tenth of
 * the worker's allocations in a publishing burst); this copies only what it censors and leaves the rest as is.
 */
export function redactSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  return censored(fields, (key, value) => (SECRET_KEYS.has(key) ? CENSOR : censorChild(value)));
}

/** One level down: the object itself when it holds no secret, else a copy without them. */
function censorChild(value: unknown): unknown {
  if (!isPlainRecord(value)) return value;
  return censored(value, (key, inner) =>
    SECRET_KEYS.has(key) ? CENSOR : key === 'headers' ? censorHeaders(inner) : inner,
  );
}

/** The record with each value replaced by censor(key, value); the record itself when nothing changed. */
function censored(
  record: Record<string, unknown>,
  censor: (key: string, value: unknown) => unknown,
): Record<string, unknown> {
  let out = record;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const next = censor(key, value);
    if (next === value) continue;
    if (out === record) out = { ...record };
    out[key] = next;
  }
  return out;
}

function censorHeaders(headers: unknown): unknown {
  if (!isPlainRecord(headers)) return headers;
  const secret = Object.keys(headers).filter((name) => SECRET_HEADERS.has(name.toLowerCase()));
  if (secret.length === 0) return headers;
  return { ...headers, ...Object.fromEntries(secret.map((name) => [name, CENSOR])) };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}

/** Secrets in URLs never reach the log: tokens in query strings (feeds, OAuth codes and states) and invitation and password reset links' paths. */
export function redactUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(/([?&](?:token|code|state)=)[^&#]+/gi, '$1[redacted]')
    .replace(/(\/(?:invite|reset-password)\/)[^/?#]+/gi, '$1[redacted]');
}

/**
 * An error as logged: TypeORM's QueryFailedError carries the statement's parameters (e-mail addresses, post text,
 * tokens) and PostgreSQL's detail quotes the offending values; the statement, code and message are enough to debug.
 */
export function errorForLog(error: unknown): unknown {
  const base = stdSerializers.err(error as Error) as Record<string, unknown>;
  if (!base || typeof base !== 'object') return base;
  const { parameters: _parameters, detail: _detail, driverError, ...rest } = base;
  const driver = driverError && typeof driverError === 'object' ? (driverError as Record<string, unknown>) : null;
  return {
    ...rest,
    ...(_parameters !== undefined ? { parameters: '[redacted]' } : {}),
    ...(_detail !== undefined ? { detail: '[redacted]' } : {}),
    ...(driver
      ? { driverError: { code: driver.code, message: typeof driver.message === 'string' ? driver.message : undefined } }
      : {}),
  };
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
/** The level loggingModule() was last set up with (pino's default until then). */
let activeLevel = 'info';

/**
 * Whether lines of this level are written. The publishing path asks before a per-target debug line: nestjs-pino
 * builds the line's objects before pino drops it, thousands of times in a burst.
 */
export function logLevelEnabled(level: 'trace' | 'debug' | 'info'): boolean {
  const active = LEVELS.indexOf(activeLevel);
  return active >= 0 && active <= LEVELS.indexOf(level);
}

export function loggingModule(level: string, app: 'api' | 'worker'): DynamicModule {
  activeLevel = level;
  return LoggerModule.forRoot({
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      base: { app },
      formatters: { log: redactSecrets },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customProps: (req: IncomingMessage) => {
        const user = (req as IncomingMessage & { user?: { id: string; practiceId: string } }).user;
        return user ? { userId: user.id, practiceId: user.practiceId } : {};
      },
      serializers: {
        // Secrets in query strings (feed tokens, OAuth codes and states) never reach the log.
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: errorForLog,
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
    },
  });
}
