// One Graph API call with the token in the Authorization header; Graph errors become SourceErrors.
import { HttpTransport, TransportError } from '@app/publishing';
import { SourceError } from './source-error';

export interface GraphRequest {
  method: 'GET' | 'POST';
  url: string;
  token: string;
  form?: Record<string, string>;
}

export async function graphCall(transport: HttpTransport, req: GraphRequest): Promise<unknown> {
  const body = req.form ? new URLSearchParams(req.form).toString() : undefined;
  let response;
  try {
    response = await transport.request({
      method: req.method,
      url: req.url,
      headers: {
        authorization: `Bearer ${req.token}`,
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
  } catch (error) {
    if (error instanceof TransportError)
      throw new SourceError('transient', `Facebook did not answer: ${error.message}`);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString('utf8') || '{}');
  } catch {
    throw new SourceError('transient', `Facebook answered ${response.status} with a body that is not JSON`);
  }
  if (response.status >= 200 && response.status < 300) return json;
  const error = (json as { error?: { code?: number; message?: string } }).error ?? {};
  const message = error.message ?? `HTTP ${response.status}`;
  if (error.code === 190 || error.code === 102) throw new SourceError('auth_expired', message);
  if ([4, 17, 32, 613, 80001].includes(error.code ?? -1)) throw new SourceError('rate_limited', message);
  if (response.status >= 500 || error.code === 1 || error.code === 2) throw new SourceError('transient', message);
  throw new SourceError('rejected', message);
}
