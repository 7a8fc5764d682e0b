// Structured JSON logs with a request id on every line; secrets and cookies never reach the log.
import { DynamicModule, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
];

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
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.replace(/([?&](?:token|code|state)=)[^&]+/g, '$1[redacted]') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
    },
  });
}
