// A person as a member of one practice, and the words for it. The queries are in members-store.ts.
import { IsNull, Not } from 'typeorm';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';

/** A person as one practice knows them: the account and their membership there. */
export interface Member {
  user: User;
  membership: Membership;
}

/** Accepted and not deactivated: the person may act in this practice. */
export const ACTING = { active: true, acceptedAt: Not(IsNull()) } as const;

/**
 * The name a practice shows for a member. Before they accept, it is the name the inviting admin typed, so the
 * practice learns nothing about an account the address may already have.
 */
export function displayName({ user, membership }: Member): string {
  return membership.acceptedAt ? user.name : (membership.invitedName ?? user.name);
}
