// The memberships table: a person's place in a practice. Reads and writes scoped to one practice take practiceId
// first; the few that follow one person across their practices (sign-in, the switcher, a reset) say so by name.
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { Membership } from '../entities/membership.entity';
import { ACTING, displayName, Member } from './members';

/** The fields of a new membership (the rest are the table's defaults). */
export type NewMembership = Pick<
  Membership,
  | 'practiceId'
  | 'userId'
  | 'roles'
  | 'active'
  | 'acceptedAt'
  | 'invitedName'
  | 'inviteTokenHash'
  | 'inviteExpiresAt'
  | 'calendarFeedTokenHash'
  | 'lastUsedAt'
>;

export class MembersStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The person as this practice knows them, or null when they have no membership here. */
  member(practiceId: string, userId: string, tx?: EntityManager): Promise<Member | null> {
    return memberOf(tx ?? this.dataSource.manager, practiceId, userId);
  }

  /** Everyone with a membership here (invited and deactivated included), by the name the practice shows. */
  async members(practiceId: string, tx?: EntityManager): Promise<Member[]> {
    const memberships = await this.repo(tx).find({ where: { practiceId }, relations: { user: true } });
    return withUsers(memberships).sort((a, b) => displayName(a).localeCompare(displayName(b)));
  }

  /** The people who may act here now (joined, not deactivated), with their accounts. */
  async actingMembers(practiceId: string, tx?: EntityManager): Promise<Member[]> {
    return withUsers(await this.repo(tx).find({ where: { practiceId, ...ACTING }, relations: { user: true } }));
  }

  /** The membership a person acts through here, or null (not a member, not yet joined, or deactivated). */
  acting(practiceId: string, userId: string, tx?: EntityManager): Promise<Membership | null> {
    return this.repo(tx).findOneBy({ practiceId, userId, ...ACTING });
  }

  /** The same, with the person's account (a session is checked against both). */
  async actingMember(practiceId: string, userId: string, tx?: EntityManager): Promise<Member | null> {
    const membership = await this.repo(tx).findOne({
      where: { userId, practiceId, ...ACTING },
      relations: { user: true },
    });
    return membership?.user ? { user: membership.user, membership } : null;
  }

  /** The memberships here that make their holder an acting admin. */
  async actingAdmins(practiceId: string, tx?: EntityManager): Promise<Membership[]> {
    return (await this.repo(tx).findBy({ practiceId, ...ACTING })).filter((m) => m.roles.includes('admin'));
  }

  membership(practiceId: string, userId: string, tx?: EntityManager): Promise<Membership | null> {
    return this.repo(tx).findOneBy({ practiceId, userId });
  }

  isMember(practiceId: string, userId: string, tx?: EntityManager): Promise<boolean> {
    return this.repo(tx).existsBy({ practiceId, userId });
  }

  /** How many of these people have a membership here (each counted once). */
  countMembersAmong(practiceId: string, userIds: string[], tx?: EntityManager): Promise<number> {
    return this.repo(tx).countBy({ practiceId, userId: In(userIds) });
  }

  add(fields: NewMembership, tx: EntityManager): Promise<Membership> {
    const repo = this.repo(tx);
    return repo.save(repo.create(fields));
  }

  save(membership: Membership, tx: EntityManager): Promise<Membership> {
    return this.repo(tx).save(membership);
  }

  /** The person signed in to or switched into this practice: sign-in opens the practice used last. */
  async markUsed(practiceId: string, membershipId: string, at: Date, tx: EntityManager): Promise<void> {
    await this.repo(tx).update({ practiceId, id: membershipId }, { lastUsedAt: at });
  }

  /** Stores the hash of a member's calendar feed secret here (null: no feed). */
  async setFeedToken(practiceId: string, userId: string, tokenHash: string | null, tx: EntityManager): Promise<void> {
    await this.repo(tx).update({ practiceId, userId }, { calendarFeedTokenHash: tokenHash });
  }

  /** The acting membership a calendar feed secret belongs to: the secret, not a practice id, names the practice. */
  actingByFeedToken(tokenHash: string, tx?: EntityManager): Promise<Membership | null> {
    return this.repo(tx).findOneBy({ calendarFeedTokenHash: tokenHash, ...ACTING });
  }

  /** The membership an invitation token was issued for, with the invited account (open or not: the caller checks). */
  async invited(inviteTokenHash: string, tx?: EntityManager): Promise<Member | null> {
    const membership = await this.repo(tx).findOne({ where: { inviteTokenHash }, relations: { user: true } });
    return membership?.user ? { user: membership.user, membership } : null;
  }

  /** One person across practices: the memberships they can act through. */
  actingMembershipsOf(userId: string, tx?: EntityManager): Promise<Membership[]> {
    return this.repo(tx).findBy({ userId, ...ACTING });
  }

  /** One person across practices: how many practices they can act in. */
  countActingMembershipsOf(userId: string, tx?: EntityManager): Promise<number> {
    return this.repo(tx).countBy({ userId, ...ACTING });
  }

  /** One person across practices: every practice they have joined (deactivated ones included). */
  joinedMembershipsOf(userId: string, tx?: EntityManager): Promise<Membership[]> {
    return this.repo(tx).findBy({ userId, acceptedAt: Not(IsNull()) });
  }

  /** One person across practices: the memberships not deactivated, with their practices (for the switcher). */
  activeMembershipsWithPracticesOf(userId: string, tx?: EntityManager): Promise<Membership[]> {
    return this.repo(tx).find({ where: { userId, active: true }, relations: { practice: true } });
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(Membership);
  }
}

/**
 * A person as one practice knows them. A plain function as well as a store method: libs/accounts reads the caller's
 * membership with its own manager.
 */
export async function memberOf(manager: EntityManager, practiceId: string, userId: string): Promise<Member | null> {
  const membership = await manager
    .getRepository(Membership)
    .findOne({ where: { practiceId, userId }, relations: { user: true } });
  return membership?.user ? { user: membership.user, membership } : null;
}

function withUsers(memberships: Membership[]): Member[] {
  return memberships.filter((m) => m.user).map((membership) => ({ user: membership.user!, membership }));
}
