// Page outcomes that are not a rendered page: a redirect, or an error shown as a page (not JSON).
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@app/core';
import { CSRF_COOKIE } from '../http/auth.guard';

export class PageRedirect extends Error {
  constructor(readonly location: string) {
    super(`Redirect to ${location}`);
  }
}

export class ForbiddenPage extends Error {}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  forbidden: 403,
  unauthorized: 401,
  too_many_requests: 429,
  too_large: 413,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'That request did not work',
  401: 'Please sign in',
  403: 'You do not have access to this page',
  404: 'Page not found',
  409: 'That conflicts with a change',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    if (exception instanceof PageRedirect) {
      // htmx would swap the sign-in page into a fragment; ask it to navigate instead.
      if (req.headers['hx-request']) res.setHeader('HX-Redirect', exception.location).status(204).end();
      else res.redirect(303, exception.location);
      return;
    }
    let status = 500;
    let message = '';
    if (exception instanceof ForbiddenPage) [status, message] = [403, exception.message];
    else if (exception instanceof DomainError) [status, message] = [DOMAIN_STATUS[exception.kind], exception.message];
    else if (exception instanceof HttpException)
      [status, message] = [exception.getStatus(), status === 404 ? '' : exception.message];
    // Staff need to know what to do, not the id that was missing.
    if (status === 404)
      message =
        'What you were looking for does not exist. It may have been deleted, or the link is incomplete. Check the address, or go back to the start.';
    if (status === 500) {
      const errorId = randomUUID();
      this.logger.error({ errorId, err: exception }, 'Page failed');
      message = `Something went wrong on our side. If it keeps happening, tell your admin this error id: ${errorId}`;
    }
    res.status(status).render('pages/error', {
      layout: 'plain',
      title: TITLES[status] ?? 'Something went wrong',
      heading: TITLES[status] ?? 'Something went wrong',
      message,
      status,
      // Signed in as the wrong person: offer to sign out (a plain form carrying the CSRF token).
      signOutToken:
        status === 403 ? ((req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? null) : null,
    });
  }
}
