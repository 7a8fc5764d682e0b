// Every route needs a session unless marked @Public(); roles are checked here too, never only in the UI.
import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, ForbiddenError, ResolvedConfig, UnauthorizedError } from '@app/core';
import { AuthService, Role, Session, SessionUser } from '@app/practices';

export const SESSION_COOKIE = 'planner_session';
export const CSRF_COOKIE = 'planner_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const IS_PUBLIC = 'isPublic';
const ROLES = 'roles';
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export type AuthedRequest = Request & { user?: SessionUser };
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new UnauthorizedError('Sign in first');
  return user;
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const bearer = bearerOf(request);
    const user = await this.auth.authenticate(sessionTokenOf(request));
    if (!user) throw new UnauthorizedError('Sign in first: the session is missing, expired or was ended');
    // A browser sends cookies by itself, so cookie sessions must prove the request came from our pages.
    if (!bearer && !SAFE_METHODS.has(request.method)) assertCsrf(request);
    // A session whose CSRF cookie was lost gets a new one on its next page or read, instead of failing every change.
    if (
      !bearer &&
      SAFE_METHODS.has(request.method) &&
      !(request.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE]
    ) {
      issueCsrfCookie(context.switchToHttp().getResponse<Response>(), this.config.COOKIE_SECURE ?? false);
    }
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.some((role) => user.roles.includes(role))) {
      throw new ForbiddenError(`This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}

const bearerOf = (request: Request) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

/** The session token a request carries: a bearer token, else the session cookie ('' when neither). */
export function sessionTokenOf(request: Request): string {
  return bearerOf(request) ?? (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE] ?? '';
}

/** The httpOnly session cookie and a fresh CSRF cookie, for sign-in, password change and the practice switch. */
export function setSessionCookies(res: Response, session: Session, secure: boolean | undefined): void {
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: session.expiresIn * 1000 };
  res.cookie(SESSION_COOKIE, session.accessToken, cookie);
  issueCsrfCookie(res, secure ?? false, cookie.maxAge);
}

/** Whether the request signed in with the session cookie (a browser) rather than a bearer token. */
export const usesSessionCookie = (request: Request) => !bearerOf(request);

/** The double-submit token: readable by our scripts, useless to another site (SameSite=Strict). */
export function issueCsrfCookie(res: Response, secure: boolean, maxAgeMs?: number): void {
  res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
    httpOnly: false,
    sameSite: 'strict',
    secure,
    path: '/',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  });
}

export function assertCsrf(request: Request): void {
  const expected = (request.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? '';
  const given = String(
    request.headers[CSRF_HEADER] ?? (request.body as Record<string, unknown> | undefined)?._csrf ?? '',
  );
  const ok =
    expected.length >= 16 &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok)
    throw new ForbiddenError(
      'The form has expired or did not come from this site (CSRF check failed); reload the page and try again',
    );
}
