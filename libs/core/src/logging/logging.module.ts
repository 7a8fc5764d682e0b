// Structured JSON logs with a request id on every line; secrets and cookies never reach the log.
import { DynamicModule, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
];

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

export function loggingModule(level: string, app: 'api' | 'worker'): DynamicModule {
  return LoggerModule.forRoot({
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      base: { app },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
