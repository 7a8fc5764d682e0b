// Instagram and Google sources call publishing's clients, whose errors are PublishingErrors: the inbox
// needs only what to do next.
import { isPublishingError, type AccountCredentials } from '@app/publishing';
import type { SourceAccount } from './source';
import { SourceError } from './source-error';

export async function asSourceErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isPublishingError(error)) throw error;
    switch (error.kind) {
      case 'auth_expired':
        throw new SourceError('auth_expired', error.networkMessage);
      case 'rate_limited':
        throw new SourceError('rate_limited', error.networkMessage, error.retryAt);
      case 'transient':
      case 'unknown_outcome':
        throw new SourceError('transient', error.networkMessage);
      case 'permission_denied':
      case 'duplicate':
      case 'rejected_content':
      case 'version_retired':
        throw new SourceError('rejected', error.networkMessage);
    }
  }
}

export function credentialsOf(account: SourceAccount): AccountCredentials {
  return { accessToken: account.accessToken, externalAccountId: account.externalId };
}
