export * from './social-account.entity';

import { SocialAccount } from './social-account.entity';
export const ACCOUNT_ENTITIES = [SocialAccount];
export * from './token-vault';
