// The small error taxonomy of inbox sources, like publishing's: what the caller should do next.
export type SourceErrorKind = 'auth_expired' | 'rate_limited' | 'transient' | 'rejected';

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    /** For rate_limited: when the network says calls may resume. */
    readonly retryAt?: Date,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
