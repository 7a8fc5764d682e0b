// Mapping shared by the three clients: transport failures, gateway timeouts and OAuth token errors.
import type { Network } from '../errors/network';
import { PublishingError } from '../errors/publishing-error';
import { TransportError, parseJsonBody, type HttpResponse } from './http/http-transport';

export interface CallContext {
  /** True for calls that create something (publish, upload): a lost answer is an unknown outcome. */
  creates: boolean;
}

/** A failure without an HTTP answer: transient if nothing could have happened, else unknown. */
export function fromTransportError(network: Network, error: TransportError, context: CallContext): PublishingError {
  const unknown = context.creates && error.requestSent;
  return new PublishingError({
    kind: unknown ? 'unknown_outcome' : 'transient',
    network,
    networkMessage: error.message,
    reason: error.timedOut ? 'timeout' : (error.code ?? 'connection_error'),
    cause: error,
  });
}

/** Runs a call and turns transport failures into PublishingErrors; other errors pass through. */
export async function guardTransport<T>(network: Network, context: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TransportError) throw fromTransportError(network, error, context);
    throw error;
  }
}

/**
 * A gateway timeout (502/504) on a call that creates something: the backend may have done it.
 * Other 5xx answers are the network's own "try again" (FB codes 1/2, LinkedIn/X 500/503).
 */
export function serverErrorKind(status: number, context: CallContext): 'transient' | 'unknown_outcome' {
  return context.creates && (status === 502 || status === 504) ? 'unknown_outcome' : 'transient';
}

/** "Success without an id" (postiz #989): never report it as published; read back instead. */
export function missingIdError(network: Network, httpStatus: number, what: string): PublishingError {
  return new PublishingError({
    kind: 'unknown_outcome',
    network,
    networkMessage: `${what} (HTTP ${httpStatus})`,
    httpStatus,
    reason: 'missing_id',
  });
}

export function retryAfterHeader(headers: Record<string, string>, now: Date): Date | undefined {
  const value = headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(now.getTime() + seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : new Date(date);
}

/**
 * An OAuth token endpoint (RFC 6749 `{error, error_description}`) said no. Only a rejected grant
 * or a 401 asks the practice to reconnect; 5xx and 429 keep the account connected.
 */
export function tokenEndpointError(network: Network, response: HttpResponse, now = new Date()): PublishingError {
  const body = parseJsonBody(response) as
    { error?: unknown; error_description?: unknown; message?: unknown } | undefined;
  const code = typeof body?.error === 'string' ? body.error : undefined;
  const description =
    typeof body?.error_description === 'string'
      ? body.error_description
      : typeof body?.message === 'string'
        ? body.message
        : '';
  const networkMessage = [code, description].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  const base = { network, networkMessage, networkCode: code, httpStatus: response.status };
  if (response.status >= 500) return new PublishingError({ ...base, kind: 'transient' });
  if (response.status === 429) {
    return new PublishingError({
      ...base,
      kind: 'rate_limited',
      retryAt: retryAfterHeader(response.headers, now) ?? new Date(now.getTime() + 60_000),
    });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new PublishingError({
      ...base,
      kind: 'permission_denied',
      adminMessage: `The ${network} app credentials (client id/secret) were refused: check the app configuration.`,
    });
  }
  // invalid_grant, invalid_request on a refresh/code, invalid_token, or a bare 401/400: the grant is dead.
  return new PublishingError({ ...base, kind: 'auth_expired' });
}

/** An empty token never reaches a network (postiz #1328: "connected" with an empty token). */
export function requireAccessToken(network: Network, accessToken: string | undefined): void {
  if (!accessToken || !accessToken.trim()) {
    throw new PublishingError({
      kind: 'auth_expired',
      network,
      networkMessage: 'no access token is stored for this account',
      reason: 'no_access_token',
    });
  }
}
