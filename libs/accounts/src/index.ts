// Public surface of the accounts lib: the entity and its store, the services the API and the scheduler use, token
// upkeep.
export { ACCOUNT_STATUSES, type AccountStatus, type Cadence, SocialAccount } from './social-account.entity';
export { TokenVault } from './token-vault';
export { AccountStore } from './account-store';
export { AccountsModule } from './accounts.module';
export { AccountsService, assertCadence, type AccountChanges, type FailureOutcome } from './accounts.service';
export { accountView, healthOf, timeUntil, type AccountView } from './account-view';
export {
  needsReconnect,
  needsReconnectKey,
  tokenExpiringKey,
  versionRetiredKey,
  waitingForReconnectKey,
} from './account-problems';
export { UnreadableTokenError } from './credentials';
export { WAITING_POSTS, type WaitingPosts } from './waiting-posts';
export { EXPIRY_WARNING_MS, REFRESH_MARGIN_MS, canRefresh, reconnectDeadline, refreshIsDue } from './token-policy';
export { ConnectWithToken, type TokenEntry } from './usecases/connect-with-token';
export {
  ConnectWithOAuth,
  type CallbackParams,
  type OAuthOutcome,
  type OAuthStart,
  type PageChoice,
} from './usecases/connect-with-oauth';
export { TokenRenewal, type RefreshOutcome, type RefreshReport, type VerifyReport } from './usecases/token-renewal';
export { TokenRefresher, type TokenRefresherOptions } from './token-refresher';
export { KeyRotationRefused, rotateTokenKey, type KeyRotationReport } from './key-rotation';

import { SocialAccount } from './social-account.entity';
export const ACCOUNT_ENTITIES = [SocialAccount];
