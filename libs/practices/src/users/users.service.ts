// People at a practice: invite, change roles, deactivate, issue a reset link. Every method is scoped by practiceId,
// and acts on the person's membership there: a person in several practices has a role in each.
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Clock,
  ConflictError,
  DomainError,
  ForbiddenError,
  inTransaction,
  InvalidInputError,
  NotFoundError,
  sha256Hex,
} from '@app/core';
import { AuditLog } from '@app/audit';
import { Role, User } from '../entities/user.entity';
import { Membership } from '../entities/membership.entity';
import { PracticeStore } from '../practices/practice-store';
import { actorOf, SessionUser } from '../auth/session-user';
import { hashPassword, verifyPassword } from '../auth/password-hasher';
import { assertStrongPassword } from '../auth/password-strength';
import { LoginLimiter } from '../auth/login-limiter';
import { displayName, Member } from '../memberships/members';
import { MembersStore } from '../memberships/members-store';
import { UsersStore } from './users-store';

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  /** Set directly (only for an address with no account yet); without it the person gets an invitation link. */
  password?: string;
}

export interface UserChanges {
  name?: string;
  roles?: Role[];
  active?: boolean;
}

const INVITE_DAYS = 7;
export const RESET_HOURS = 24;
export const tokenHash = (token: string) => sha256Hex(token);
const newToken = () => randomBytes(24).toString('base64url');

export class UsersService {
  private readonly users: UsersStore;
  private readonly members: MembersStore;
  private readonly practices: PracticeStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly limiter?: LoginLimiter,
  ) {
    this.users = new UsersStore(dataSource);
    this.members = new MembersStore(dataSource);
    this.practices = new PracticeStore(dataSource);
  }

  list(practiceId: string): Promise<Member[]> {
    return this.members.members(practiceId);
  }

  async get(practiceId: string, id: string): Promise<Member> {
    const member = await this.members.member(practiceId, id);
    if (!member) throw new NotFoundError('User', id);
    return member;
  }

  /**
   * Adds a person to the practice; returns the one-time invitation token when no password was given. An address
   * that already has an account (in another practice) gets a membership that waits for the person to accept it:
   * the answer is the same either way, so it tells nobody that the address is known elsewhere.
   */
  async invite(
    practiceId: string,
    by: SessionUser | null,
    input: NewUser,
    manager?: EntityManager,
  ): Promise<{ user: User; membership: Membership; inviteToken: string | null }> {
    const work = async (tx: EntityManager) => {
      const email = normaliseEmail(input.email);
      const name = input.name.trim();
      const now = this.clock.now();
      let user = await this.users.byEmail(email, tx);
      if (user && (await this.members.isMember(practiceId, user.id, tx)))
        throw new ConflictError(`${email} is already in this practice (see the list of people)`);
      const existing = user !== null;
      if (input.password)
        await assertStrongPassword(input.password, [email, name, await this.practices.nameOf(practiceId, tx)]);
      if (!user) {
        user = await this.users.add(
          {
            email,
            name,
            passwordHash: input.password ? await hashPassword(input.password) : null,
            resetTokenHash: null,
            resetExpiresAt: null,
            lastLoginAt: null,
            sessionVersion: 1,
          },
          tx,
        );
      }
      // A password set by the admin makes a new account usable at once; an existing account is never touched,
      // its owner accepts (in the app or through the link) with their own password.
      const joinsNow = Boolean(input.password) && !existing;
      const inviteToken = input.password ? null : newToken();
      const membership = await this.members.add(
        {
          practiceId,
          userId: user.id,
          roles: uniqueRoles(input.roles),
          active: true,
          acceptedAt: joinsNow ? now : null,
          invitedName: joinsNow ? null : name,
          inviteTokenHash: inviteToken ? tokenHash(inviteToken) : null,
          inviteExpiresAt: joinsNow ? null : new Date(now.getTime() + INVITE_DAYS * 86_400_000),
          calendarFeedTokenHash: null,
          lastUsedAt: null,
        },
        tx,
      );
      const member = { user, membership };
      await this.audit.record(tx, practiceId, {
        actor: by ? actorOf(by) : { id: user.id, label: user.email },
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        after: publicView(member),
        details: { email, roles: membership.roles, invited: inviteToken !== null },
      });
      return { user, membership, inviteToken };
    };
    return manager ? work(manager) : inTransaction(this.dataSource, work);
  }

  async update(practiceId: string, by: SessionUser, id: string, changes: UserChanges): Promise<Member> {
    return inTransaction(this.dataSource, async (tx) => {
      const member = await this.members.member(practiceId, id, tx);
      if (!member) throw new NotFoundError('User', id);
      const { user, membership } = member;
      const before = publicView(member);
      if (changes.roles) membership.roles = uniqueRoles(changes.roles);
      if (changes.name !== undefined) {
        // Before they join, the name is this practice's own note; after, it is the person's name.
        if (membership.acceptedAt) user.name = changes.name.trim();
        else membership.invitedName = changes.name.trim();
      }
      if (changes.active !== undefined && changes.active !== membership.active) {
        // Sessions in this practice stop at once (each request re-reads the membership); other practices go on.
        membership.active = changes.active;
        // A deactivated member's calendar feed address dies with their access (reactivation does not revive it).
        if (!changes.active) membership.calendarFeedTokenHash = null;
      }
      if (user.id === by.id && (!membership.active || !membership.roles.includes('admin'))) {
        throw new ForbiddenError('You cannot remove your own admin role or deactivate yourself; ask another admin');
      }
      await this.assertAnAdminRemains(tx, practiceId, membership);
      await this.users.save(user, tx);
      await this.members.save(membership, tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(by),
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        before,
        after: publicView(member),
        details: { changed: Object.keys(changes) },
      });
      return member;
    });
  }

  /**
   * An admin issues a one-time link for a person to choose a new password (they forgot it, or it may be known to
   * someone else). It works for RESET_HOURS; using it ends every session of that person. Issuing a new link replaces
   * an older one. A person who also works for other practices is refused: an admin here must not be able to take
   * over their access there (they can use "Forgot password" on the sign-in page).
   */
  async issuePasswordReset(
    practiceId: string,
    by: SessionUser,
    id: string,
  ): Promise<{ user: User; resetToken: string; expiresAt: Date }> {
    return inTransaction(this.dataSource, async (tx) => {
      const member = await this.members.member(practiceId, id, tx);
      if (!member) throw new NotFoundError('User', id);
      const { user, membership } = member;
      if (!membership.active) throw new ConflictError('This person is deactivated; reactivate them first');
      if (!membership.acceptedAt || !user.passwordHash)
        throw new ConflictError('This person has not joined yet: their invitation link is still the way in');
      const elsewhere = await this.members.countActingMembershipsOf(user.id, tx);
      if (elsewhere > 1)
        throw new ConflictError(
          'This person also works for another practice, so only they can reset their password: ask them to use “Forgot password” on the sign-in page',
        );
      const resetToken = newToken();
      user.resetTokenHash = tokenHash(resetToken);
      user.resetExpiresAt = new Date(this.clock.now().getTime() + RESET_HOURS * 3_600_000);
      await this.users.save(user, tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(by),
        action: 'user.password_reset_issued',
        entityType: 'user',
        entityId: user.id,
        details: { expiresAt: user.resetExpiresAt.toISOString() },
      });
      return { user, resetToken, expiresAt: user.resetExpiresAt };
    });
  }

  /** Who an invitation link is for, so the page can greet them; 404 once it is used, expired or revoked. */
  async describeInvite(token: string): Promise<InviteView> {
    const member = await this.openInvite(this.dataSource.manager, token);
    if (!member) throw new InviteUnavailableError();
    const practice = await this.practices.existing(member.membership.practiceId);
    return {
      practiceName: practice.name,
      name: displayName(member),
      email: member.user.email,
      roles: member.membership.roles,
      expiresAt: member.membership.inviteExpiresAt!,
    };
  }

  /**
   * The invited person joins through the link. With no account yet, `password` becomes their password; with an
   * account already (in another practice), it must be that account's password (counted like a sign-in).
   */
  async acceptInvite(token: string, password: string, clientIp = 'unknown'): Promise<User> {
    const pending = await this.openInvite(this.dataSource.manager, token);
    if (!pending) throw new InvalidInputError(INVITE_UNAVAILABLE);
    const hasPassword = pending.user.passwordHash !== null;
    if (hasPassword) {
      await this.limiter?.reserve(pending.user.email, clientIp);
      if (!(await verifyPassword(password, pending.user.passwordHash!)))
        throw new InvalidInputError('The password is not right: enter the password you sign in with');
      await this.limiter?.succeeded(pending.user.email, clientIp);
    } else {
      const practiceName = await this.practices.nameOf(pending.membership.practiceId);
      await assertStrongPassword(password, [pending.user.email, displayName(pending), practiceName]);
    }
    const passwordHash = hasPassword ? null : await hashPassword(password);
    return inTransaction(this.dataSource, async (tx) => {
      const member = await this.openInvite(tx, token);
      if (!member) throw new InvalidInputError(INVITE_UNAVAILABLE);
      const { user } = member;
      if (passwordHash && !user.passwordHash) {
        user.passwordHash = passwordHash;
        user.name = displayName(member);
        user.sessionVersion += 1;
        await this.users.save(user, tx);
      }
      await this.join(tx, member, 'link');
      return user;
    });
  }

  /** A signed-in person accepts an invitation waiting for them (the switcher lists it). */
  async acceptForSignedIn(userId: string, practiceId: string): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const member = await this.members.member(practiceId, userId, tx);
      if (!member || !this.isOpen(member)) throw new NotFoundError('Invitation', practiceId);
      await this.join(tx, member, 'signed_in');
    });
  }

  private async join(tx: EntityManager, { user, membership }: Member, via: 'link' | 'signed_in'): Promise<void> {
    membership.acceptedAt = this.clock.now();
    membership.inviteTokenHash = null;
    membership.inviteExpiresAt = null;
    membership.invitedName = null;
    await this.members.save(membership, tx);
    await this.audit.record(tx, membership.practiceId, {
      actor: { id: user.id, label: user.email },
      action: 'user.invite_accepted',
      entityType: 'user',
      entityId: user.id,
      details: { via },
    });
  }

  /** The membership an invitation link is for, while it can still be used. */
  private async openInvite(manager: EntityManager, token: string): Promise<Member | null> {
    const member = await this.members.invited(tokenHash(token), manager);
    return member && this.isOpen(member) ? member : null;
  }

  private isOpen({ membership }: Member): boolean {
    return (
      membership.active &&
      membership.acceptedAt === null &&
      membership.inviteExpiresAt !== null &&
      membership.inviteExpiresAt >= this.clock.now()
    );
  }

  private async assertAnAdminRemains(tx: EntityManager, practiceId: string, changed: Membership): Promise<void> {
    if (changed.active && changed.roles.includes('admin')) return;
    const admins = (await this.members.actingAdmins(practiceId, tx)).filter((m) => m.id !== changed.id);
    if (admins.length === 0) throw new ConflictError('A practice needs at least one active admin');
  }
}

const INVITE_UNAVAILABLE = 'This invitation link is invalid or has expired; ask your admin for a new one';

export interface InviteView {
  practiceName: string;
  name: string;
  email: string;
  roles: Role[];
  expiresAt: Date;
}

export class InviteUnavailableError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor() {
    super(INVITE_UNAVAILABLE);
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function uniqueRoles(roles: Role[]): Role[] {
  return [...new Set(roles)].sort();
}

/** What the audit log hashes for a member: never the password hash or a token. */
export function publicView(member: Member) {
  const { user, membership } = member;
  return {
    id: user.id,
    email: user.email,
    name: displayName(member),
    roles: membership.roles,
    active: membership.active,
  };
}
