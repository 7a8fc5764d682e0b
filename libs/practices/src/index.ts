export { AuthService, type PracticeChoice, type Session } from './auth/auth.service';

export { PasswordResets, resetLinkFor, ResetLinkUnavailableError } from './auth/password-resets';
export { displayName, type Member } from './memberships/members';
export { MembersStore, memberOf } from './memberships/members-store';
export { PracticeStore } from './practices/practice-store';

export { actorOf, type SessionUser } from './auth/session-user';
export { emptyProfile, Practice, type PracticeProfile } from './entities/practice.entity';
export { type Role, ROLES, User } from './entities/user.entity';
export { Membership } from './entities/membership.entity';
export { PracticesModule } from './practices.module';
export { assertTimezone, PracticesService } from './practices/practices.service';
export { SetupService } from './practices/setup.service';
export { parsePracticeCreateArgs } from './practices/practice-command';
export { InviteUnavailableError, UsersService } from './users/users.service';

import { Practice } from './entities/practice.entity';
import { User } from './entities/user.entity';
import { Membership } from './entities/membership.entity';
export const PRACTICE_ENTITIES = [Practice, User, Membership];
