// Sign-in, sign-out, password change, session checks and the active practice. Attempts are counted before the
// password is checked (LoginLimiter). Every session carries its user's sessionVersion and is checked against it on
// every request, so signing out, changing the password and a reset end every session of that person at once. A
// session also names the one practice it acts in; each request re-reads that membership, so a deactivation or a
// role change there takes effect at once, and a person's role in one practice never applies in another.
import { DataSource } from 'typeorm';
import { Clock, inTransaction, InvalidInputError, NotFoundError, UnauthorizedError } from '@app/core';
import { AuditLog } from '@app/audit';
import { User } from '../entities/user.entity';
import { Membership } from '../entities/membership.entity';
import { MembersStore } from '../memberships/members-store';
import { PracticeStore } from '../practices/practice-store';
import { UsersStore } from '../users/users-store';
import { normaliseEmail } from '../users/users.service';
import { LoginLimiter } from './login-limiter';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher';
import { assertStrongPassword } from './password-strength';
import { SessionTokens } from './session-tokens';
import { SessionUser } from './session-user';

const SIGN_IN_FIRST = 'Sign in first: the session is missing, expired or was ended';

/** A practice the person belongs to (or is invited to), for the practice switcher. */
export interface PracticeChoice {
  id: string;
  name: string;
  timezone: string;
  roles: SessionUser['roles'];
  /** 'member': can switch to it; 'invited': waiting for the person to accept. */
  status: 'member' | 'invited';
  current: boolean;
}

export class AuthService {
  private readonly users: UsersStore;
  private readonly members: MembersStore;
  private readonly practices: PracticeStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly tokens: SessionTokens,
    private readonly limiter: LoginLimiter,
    private readonly clock: Clock,
  ) {
    this.users = new UsersStore(dataSource);
    this.members = new MembersStore(dataSource);
    this.practices = new PracticeStore(dataSource);
  }

  /** Signs in to the practice used last (another one is a switch away). */
  async login(emailInput: string, password: string, clientIp: string): Promise<Session> {
    const email = normaliseEmail(emailInput);
    await this.limiter.reserve(email, clientIp);
    const user = await this.users.byEmail(email);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    const memberships = user ? await this.actingMemberships(user.id) : [];
    if (!user || !user.passwordHash || !valid || memberships.length === 0) {
      if (user) await this.recordFailure(user, clientIp, valid ? 'inactive' : 'bad_password');
      throw new UnauthorizedError('The e-mail or password is not right');
    }
    await this.limiter.succeeded(email, clientIp);
    const membership = memberships[0];
    await inTransaction(this.dataSource, async (tx) => {
      const now = this.clock.now();
      await this.users.recordLogin(user.id, now, tx);
      await this.members.markUsed(membership.practiceId, membership.id, now, tx);
      await this.audit.record(tx, membership.practiceId, {
        actor: { id: user.id, label: user.email },
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        details: { clientIp },
      });
    });
    return this.sessionFor(user, membership);
  }

  /** Ends every session of the token's user (a stolen copy of the token included). Unknown or dead tokens: nothing to do. */
  async logout(token: string, clientIp: string): Promise<void> {
    const claims = this.tokens.verify(token);
    if (!claims) return;
    await inTransaction(this.dataSource, async (tx) => {
      if (!(await this.users.endSessions(claims.sub, claims.sv, tx))) return;
      const user = await this.users.existing(claims.sub, tx);
      await this.audit.record(tx, claims.pid, {
        actor: { id: user.id, label: user.email },
        action: 'auth.logout',
        entityType: 'user',
        entityId: user.id,
        details: { clientIp },
      });
    });
  }

  /**
   * The signed-in user changes their password: the current one is checked (and counted like a sign-in, so a
   * borrowed session cannot guess it), every other session ends, and this one continues with a new token.
   */
  async changePassword(
    caller: SessionUser,
    currentPassword: string,
    newPassword: string,
    clientIp: string,
  ): Promise<Session> {
    await this.limiter.reserve(caller.email, clientIp);
    const user = await this.users.byId(caller.id);
    const membership = await this.members.acting(caller.practiceId, caller.id);
    if (!user?.passwordHash || !membership) throw new UnauthorizedError(SIGN_IN_FIRST);
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      throw new InvalidInputError('The current password is not right');
    await this.limiter.succeeded(caller.email, clientIp);
    await assertStrongPassword(newPassword, [user.email, user.name, await this.practices.nameOf(caller.practiceId)]);
    if (await verifyPassword(newPassword, user.passwordHash))
      throw new InvalidInputError('The new password must differ from the current one');
    const passwordHash = await hashPassword(newPassword);
    const changed = await inTransaction(this.dataSource, async (tx) => {
      const fresh = await this.users.existing(user.id, tx);
      fresh.passwordHash = passwordHash;
      fresh.sessionVersion += 1;
      fresh.resetTokenHash = null;
      fresh.resetExpiresAt = null;
      await this.users.save(fresh, tx);
      await this.audit.record(tx, caller.practiceId, {
        actor: { id: fresh.id, label: fresh.email },
        action: 'user.password_changed',
        entityType: 'user',
        entityId: fresh.id,
        details: { clientIp },
      });
      return fresh;
    });
    return this.sessionFor(changed, membership);
  }

  /** The practices the caller belongs to or is invited to, the active one marked. */
  async practicesOf(caller: SessionUser): Promise<PracticeChoice[]> {
    const memberships = await this.members.activeMembershipsWithPracticesOf(caller.id);
    const now = this.clock.now();
    return memberships
      .filter((m) => m.practice && (m.acceptedAt || (m.inviteExpiresAt && m.inviteExpiresAt >= now)))
      .map((m) => ({
        id: m.practiceId,
        name: m.practice!.name,
        timezone: m.practice!.timezone,
        roles: m.roles,
        status: m.acceptedAt ? ('member' as const) : ('invited' as const),
        current: m.practiceId === caller.practiceId,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Makes another of the caller's practices the active one: a new session token for it. Not a member there (or
   * not yet, or deactivated) is a NotFound, the same answer as for a practice that does not exist.
   */
  async switchPractice(caller: SessionUser, practiceId: string, clientIp: string): Promise<Session> {
    const user = await this.users.byId(caller.id);
    const membership = await this.members.acting(practiceId, caller.id);
    if (!user || !membership) throw new NotFoundError('Practice', practiceId);
    await inTransaction(this.dataSource, async (tx) => {
      await this.members.markUsed(practiceId, membership.id, this.clock.now(), tx);
      await this.audit.record(tx, practiceId, {
        actor: { id: user.id, label: user.email },
        action: 'auth.practice_switched',
        entityType: 'user',
        entityId: user.id,
        details: { clientIp, from: caller.practiceId },
      });
    });
    return this.sessionFor(user, membership);
  }

  private sessionFor(user: User, membership: Membership): Session {
    const accessToken = this.tokens.sign({ sub: user.id, pid: membership.practiceId, sv: user.sessionVersion });
    return { accessToken, expiresIn: this.tokens.lifetimeSeconds, user: sessionUserOf(user, membership) };
  }

  /**
   * The caller behind a token, re-read from the database so a deactivation or role change takes effect at once.
   * The token's practice is the active one; its membership gives the roles.
   */
  async authenticate(token: string): Promise<SessionUser | null> {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const member = await this.members.actingMember(claims.pid, claims.sub);
    if (!member || member.user.sessionVersion !== claims.sv) return null;
    return sessionUserOf(member.user, member.membership);
  }

  /** Memberships the person can act through, the one used last first. */
  private async actingMemberships(userId: string): Promise<Membership[]> {
    const rows = await this.members.actingMembershipsOf(userId);
    const used = (m: Membership) => m.lastUsedAt?.getTime() ?? 0;
    return rows.sort((a, b) => used(b) - used(a) || a.createdAt.getTime() - b.createdAt.getTime());
  }

  private async recordFailure(user: User, clientIp: string, reason: 'inactive' | 'bad_password'): Promise<void> {
    // Each practice the person has joined sees failed sign-ins to its member's account (one that only invited
    // them sees nothing, whether or not the address had an account before).
    const memberships = await this.members.joinedMembershipsOf(user.id);
    if (!memberships.length) return;
    await inTransaction(this.dataSource, async (tx) => {
      for (const m of memberships) {
        await this.audit.record(tx, m.practiceId, {
          actor: { id: user.id, label: user.email },
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          details: { clientIp, reason },
        });
      }
    });
  }
}

export interface Session {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
}

export function sessionUserOf(user: User, membership: Membership): SessionUser {
  return {
    id: user.id,
    practiceId: membership.practiceId,
    email: user.email,
    name: user.name,
    roles: membership.roles,
  };
}
