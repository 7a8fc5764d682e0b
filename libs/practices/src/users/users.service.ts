// People at a practice: invite, change roles, deactivate. Every method is scoped by practiceId.
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Clock,
  ConflictError,
  DomainError,
  ForbiddenError,
  inTransaction,
  InvalidInputError,
  NotFoundError,
} from '@app/core';
import { AuditLog } from '@app/audit';
import { Practice } from '../entities/practice.entity';
import { Role, User } from '../entities/user.entity';
import { actorOf, SessionUser } from '../auth/session-user';
import { hashPassword } from '../auth/password-hasher';
import { assertStrongPassword } from '../auth/password-strength';

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  /** Set directly; without it the user gets an invitation link to choose one. */
  password?: string;
}

export interface UserChanges {
  name?: string;
  roles?: Role[];
  active?: boolean;
}

const INVITE_DAYS = 7;
const RESET_HOURS = 24;
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(practiceId: string): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ where: { practiceId }, order: { name: 'ASC' } });
  }

  async get(practiceId: string, id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ practiceId, id });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** Creates the user; returns the one-time invitation token when no password was given. */
  async invite(
    practiceId: string,
    by: SessionUser | null,
    input: NewUser,
    manager?: EntityManager,
  ): Promise<{ user: User; inviteToken: string | null }> {
    const work = async (tx: EntityManager) => {
      const email = normaliseEmail(input.email);
      if (await tx.getRepository(User).existsBy({ email }))
        throw new ConflictError(`A user with the e-mail ${email} already exists`);
      if (input.password)
        assertStrongPassword(input.password, [email, input.name, await practiceNameOf(tx, practiceId)]);
      const inviteToken = input.password ? null : randomBytes(24).toString('base64url');
      const user = tx.getRepository(User).create({
        practiceId,
        email,
        name: input.name.trim(),
        roles: uniqueRoles(input.roles),
        passwordHash: input.password ? await hashPassword(input.password) : null,
        active: true,
        inviteTokenHash: inviteToken ? tokenHash(inviteToken) : null,
        inviteExpiresAt: inviteToken ? new Date(this.clock.now().getTime() + INVITE_DAYS * 86_400_000) : null,
        lastLoginAt: null,
        sessionVersion: 1,
      });
      await tx.getRepository(User).save(user);
      await this.audit.record(tx, practiceId, {
        actor: by ? actorOf(by) : { id: user.id, label: user.email },
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        after: publicView(user),
        details: { email: user.email, roles: user.roles, invited: inviteToken !== null },
      });
      return { user, inviteToken };
    };
    return manager ? work(manager) : inTransaction(this.dataSource, work);
  }

  async update(practiceId: string, by: SessionUser, id: string, changes: UserChanges): Promise<User> {
    return inTransaction(this.dataSource, async (tx) => {
      const repo = tx.getRepository(User);
      const user = await repo.findOneBy({ practiceId, id });
      if (!user) throw new NotFoundError('User', id);
      const before = publicView(user);
      if (changes.roles) user.roles = uniqueRoles(changes.roles);
      if (changes.name !== undefined) user.name = changes.name.trim();
      if (changes.active !== undefined && changes.active !== user.active) {
        user.active = changes.active;
        user.sessionVersion += 1;
        // A deactivated user's calendar feed address dies with their sessions (reactivation does not revive it).
        if (!changes.active) user.calendarFeedTokenHash = null;
      }
      if (user.id === by.id && (!user.active || !user.roles.includes('admin'))) {
        throw new ForbiddenError('You cannot remove your own admin role or deactivate yourself; ask another admin');
      }
      await this.assertAnAdminRemains(tx, practiceId, user);
      await repo.save(user);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(by),
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        before,
        after: publicView(user),
        details: { changed: Object.keys(changes) },
      });
      return user;
    });
  }

  /**
   * An admin issues a one-time link for a person to choose a new password (they forgot it, or it may be known to
   * someone else). It works like an invitation link, for RESET_HOURS; using it ends every session of that person.
   * Issuing a new link replaces an older one.
   */
  async issuePasswordReset(
    practiceId: string,
    by: SessionUser,
    id: string,
  ): Promise<{ user: User; resetToken: string; expiresAt: Date }> {
    return inTransaction(this.dataSource, async (tx) => {
      const repo = tx.getRepository(User);
      const user = await repo.findOneBy({ practiceId, id });
      if (!user) throw new NotFoundError('User', id);
      if (!user.active) throw new ConflictError('This person is deactivated; reactivate them first');
      const resetToken = randomBytes(24).toString('base64url');
      user.inviteTokenHash = tokenHash(resetToken);
      user.inviteExpiresAt = new Date(this.clock.now().getTime() + RESET_HOURS * 3_600_000);
      await repo.save(user);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(by),
        action: 'user.password_reset_issued',
        entityType: 'user',
        entityId: user.id,
        details: { expiresAt: user.inviteExpiresAt.toISOString() },
      });
      return { user, resetToken, expiresAt: user.inviteExpiresAt };
    });
  }

  /** Who an invitation link is for, so the page can greet them; 404 once it is used, expired or revoked. */
  async describeInvite(token: string): Promise<InviteView> {
    const user = await this.openInvite(this.dataSource.manager, token);
    if (!user) throw new InviteUnavailableError();
    const practice = await this.dataSource.getRepository(Practice).findOneByOrFail({ id: user.practiceId });
    return {
      practiceName: practice.name,
      name: user.name,
      email: user.email,
      roles: user.roles,
      expiresAt: user.inviteExpiresAt!,
    };
  }

  /** An invited user (or one with a reset link) chooses a password; the link then stops working. */
  async acceptInvite(token: string, password: string): Promise<User> {
    return inTransaction(this.dataSource, async (tx) => {
      const repo = tx.getRepository(User);
      const user = await this.openInvite(tx, token);
      if (!user) throw new InvalidInputError(INVITE_UNAVAILABLE);
      assertStrongPassword(password, [user.email, user.name, await practiceNameOf(tx, user.practiceId)]);
      user.passwordHash = await hashPassword(password);
      user.inviteTokenHash = null;
      user.inviteExpiresAt = null;
      // A reset link's password replaces one someone else may know: their sessions end with it.
      user.sessionVersion += 1;
      await repo.save(user);
      await this.audit.record(tx, user.practiceId, {
        actor: { id: user.id, label: user.email },
        action: 'user.invite_accepted',
        entityType: 'user',
        entityId: user.id,
      });
      return user;
    });
  }

  /** The user an invitation link is for, while it can still be used. */
  private async openInvite(manager: EntityManager, token: string): Promise<User | null> {
    const user = await manager.getRepository(User).findOneBy({ inviteTokenHash: tokenHash(token) });
    return user && user.active && user.inviteExpiresAt && user.inviteExpiresAt >= this.clock.now() ? user : null;
  }

  private async assertAnAdminRemains(tx: EntityManager, practiceId: string, changed: User): Promise<void> {
    if (changed.active && changed.roles.includes('admin')) return;
    const admins = (await tx.getRepository(User).findBy({ practiceId, active: true })).filter(
      (u) => u.id !== changed.id && u.roles.includes('admin'),
    );
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

/** The practice's name is an easy guess for its staff's passwords. */
async function practiceNameOf(manager: EntityManager, practiceId: string): Promise<string> {
  return (await manager.getRepository(Practice).findOneBy({ id: practiceId }))?.name ?? '';
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function uniqueRoles(roles: Role[]): Role[] {
  return [...new Set(roles)].sort();
}

/** What the audit log hashes for a user: never the password hash or invitation token. */
export function publicView(user: User) {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, active: user.active };
}
