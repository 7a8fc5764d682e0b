export * from './auth/auth.service';
export * from './auth/password-hasher';
export * from './auth/password-resets';
export * from './memberships/members';
export * from './auth/session-tokens';
export * from './auth/session-user';
export * from './entities/practice.entity';
export * from './entities/user.entity';
export * from './entities/membership.entity';
export * from './practices.module';
export * from './practices/practices.service';
export * from './practices/setup.service';
export * from './practices/practice-command';
export * from './users/users.service';

import { Practice } from './entities/practice.entity';
import { User } from './entities/user.entity';
import { Membership } from './entities/membership.entity';
export const PRACTICE_ENTITIES = [Practice, User, Membership];
