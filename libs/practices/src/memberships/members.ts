// Reads of people as members of one practice. Every read takes practiceId first: a membership is the only way
// from a person to a practice's data.
import { EntityManager, IsNull, Not } from 'typeorm';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';

/** A person as one practice knows them: the account and their membership there. */
export interface Member {
  user: User;
  membership: Membership;
}

/** Accepted and not deactivated: the person may act in this practice. */
export const ACTING = { active: true, acceptedAt: Not(IsNull()) } as const;

export async function memberOf(manager: EntityManager, practiceId: string, userId: string): Promise<Member | null> {
  const membership = await manager
    .getRepository(Membership)
    .findOne({ where: { practiceId, userId }, relations: { user: true } });
  return membership?.user ? { user: membership.user, membership } : null;
}

export async function membersOf(manager: EntityManager, practiceId: string): Promise<Member[]> {
  const memberships = await manager
    .getRepository(Membership)
    .find({ where: { practiceId }, relations: { user: true } });
  return memberships
    .filter((m) => m.user)
    .map((membership) => ({ user: membership.user!, membership }))
    .sort((a, b) => displayName(a).localeCompare(displayName(b)));
}

/** The membership a person acts through in a practice, or null (not a member, not yet joined, or deactivated). */
export function actingMembership(manager: EntityManager, practiceId: string, userId: string) {
  return manager.getRepository(Membership).findOneBy({ practiceId, userId, ...ACTING });
}

/**
 * The name a practice shows for a member. Before they accept, it is the name the inviting admin typed, so the
 * practice learns nothing about an account the address may already have.
 */
export function displayName({ user, membership }: Member): string {
  return membership.acceptedAt ? user.name : (membership.invitedName ?? user.name);
}
