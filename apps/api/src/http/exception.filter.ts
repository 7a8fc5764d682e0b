// The one exception filter: domain errors and HTTP errors become { statusCode, error, message };
// anything else is a 500 that is logged with an id and returns only that id.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, TooManyRequestsError } from '@app/core';

const STATUS: Record<DomainError['kind'], number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  unauthorized: HttpStatus.UNAUTHORIZED,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toResponse(exception);
    if (exception instanceof TooManyRequestsError)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(status).json(body);
  }

  private toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError || isDomainShaped(exception)) {
      const status = STATUS[exception.kind];
      return {
        status,
        body: { statusCode: status, error: REASON[status], message: exception.message, ...exception.details },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      if (status === 400 && isJsonSyntaxError(exception)) body.message = 'The request body is not valid JSON';
      return { status, body: { statusCode: status, error: REASON[status] ?? exception.name, ...body } };
    }
    // Errors from body parsing (bad JSON, too large) carry a 4xx status of their own.
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = isJsonSyntaxError(exception)
        ? 'The request body is not valid JSON'
        : (exception as Error).message;
      return { status, body: { statusCode: status, error: REASON[status] ?? 'Bad Request', message } };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'Unhandled error');
    return {
      status: 500,
      body: {
        statusCode: 500,
        error: 'Internal Server Error',
        message: `Something went wrong on our side. Error id: ${errorId}`,
        errorId,
      },
    };
  }
}

function isJsonSyntaxError(exception: unknown): boolean {
  const cause = (exception as { cause?: unknown }).cause;
  return (
    (exception as { type?: string }).type === 'entity.parse.failed' ||
    exception instanceof SyntaxError ||
    cause instanceof SyntaxError ||
    /JSON/.test((exception as Error).message ?? '')
  );
}

/** Errors from Nest-free cores (e.g. the template engine) carry the same kind/details shape as DomainError. */
function isDomainShaped(exception: unknown): exception is DomainError {
  const kind = (exception as { kind?: unknown })?.kind;
  return exception instanceof Error && typeof kind === 'string' && kind in STATUS;
}
