// Domain errors thrown by libs; the one HTTP filter maps them to status codes. Libs never throw HTTP exceptions.
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'not_found'
    | 'conflict'
    | 'invalid'
    | 'forbidden'
    | 'unauthorized'
    | 'too_many_requests'
    | 'too_large'
    | 'unavailable';
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(what: string, id?: string) {
    super(id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** A transition the workflow does not allow from the current state. */
export class InvalidTransitionError extends ConflictError {
  constructor(entity: string, currentState: string, action: string) {
    super(`Cannot ${action} a ${entity} that is ${currentState.replace(/_/g, ' ')}`, { currentState, action });
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid' as const;
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}

export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized' as const;
}

export class TooManyRequestsError extends DomainError {
  readonly kind = 'too_many_requests' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}

/** An upload over the size this installation takes (a 413, saying the limit and the setting). */
export class TooLargeError extends DomainError {
  readonly kind = 'too_large' as const;
}

export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable' as const;
}
