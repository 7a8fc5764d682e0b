// Sign-in, sign-out, password change and session checks. Attempts are counted before the password is checked
// (LoginLimiter). Every session carries its user's sessionVersion and is checked against it on every request,
// so signing out, changing the password, a reset and deactivation end every session of that user at once.
import { DataSource } from 'typeorm';
import { Clock, inTransaction, InvalidInputError, UnauthorizedError } from '@app/core';
import { AuditLog } from '@app/audit';
import { User } from '../entities/user.entity';
import { Practice } from '../entities/practice.entity';
import { normaliseEmail } from '../users/users.service';
import { LoginLimiter } from './login-limiter';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher';
import { assertStrongPassword } from './password-strength';
import { SessionTokens } from './session-tokens';
import { SessionUser } from './session-user';

export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly tokens: SessionTokens,
    private readonly limiter: LoginLimiter,
    private readonly clock: Clock,
  ) {}

  async login(emailInput: string, password: string, clientIp: string): Promise<Session> {
    const email = normaliseEmail(emailInput);
    await this.limiter.reserve(email, clientIp);
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !user.passwordHash || !valid || !user.active) {
      if (user) {
        await inTransaction(this.dataSource, (tx) =>
          this.audit.record(tx, user.practiceId, {
            actor: { id: user.id, label: user.email },
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user.id,
            details: { clientIp, reason: !user.active ? 'inactive' : 'bad_password' },
          }),
        );
      }
      throw new UnauthorizedError('The e-mail or password is not right');
    }
    await this.limiter.succeeded(email, clientIp);
    await inTransaction(this.dataSource, async (tx) => {
      await tx.getRepository(User).update({ id: user.id }, { lastLoginAt: this.clock.now() });
      await this.audit.record(tx, user.practiceId, {
        actor: { id: user.id, label: user.email },
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        details: { clientIp },
      });
    });
    return this.sessionFor(user);
  }

  /** Ends every session of the token's user (a stolen copy of the token included). Unknown or dead tokens: nothing to do. */
  async logout(token: string, clientIp: string): Promise<void> {
    const claims = this.tokens.verify(token);
    if (!claims) return;
    await inTransaction(this.dataSource, async (tx) => {
      const result = await tx
        .getRepository(User)
        .increment({ id: claims.sub, practiceId: claims.pid, sessionVersion: claims.sv }, 'sessionVersion', 1);
      if (!result.affected) return;
      const user = await tx.getRepository(User).findOneByOrFail({ id: claims.sub });
      await this.audit.record(tx, user.practiceId, {
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
    const user = await this.dataSource.getRepository(User).findOneBy({ id: caller.id, practiceId: caller.practiceId });
    if (!user?.passwordHash || !user.active)
      throw new UnauthorizedError('Sign in first: the session is missing, expired or was ended');
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      throw new InvalidInputError('The current password is not right');
    await this.limiter.succeeded(caller.email, clientIp);
    const practice = await this.dataSource.getRepository(Practice).findOneBy({ id: user.practiceId });
    assertStrongPassword(newPassword, [user.email, user.name, practice?.name ?? '']);
    if (await verifyPassword(newPassword, user.passwordHash))
      throw new InvalidInputError('The new password must differ from the current one');
    const passwordHash = await hashPassword(newPassword);
    const changed = await inTransaction(this.dataSource, async (tx) => {
      const fresh = await tx.getRepository(User).findOneByOrFail({ id: user.id });
      fresh.passwordHash = passwordHash;
      fresh.sessionVersion += 1;
      fresh.inviteTokenHash = null;
      fresh.inviteExpiresAt = null;
      await tx.getRepository(User).save(fresh);
      await this.audit.record(tx, fresh.practiceId, {
        actor: { id: fresh.id, label: fresh.email },
        action: 'user.password_changed',
        entityType: 'user',
        entityId: fresh.id,
        details: { clientIp },
      });
      return fresh;
    });
    return this.sessionFor(changed);
  }

  private sessionFor(user: User): Session {
    const accessToken = this.tokens.sign({ sub: user.id, pid: user.practiceId, sv: user.sessionVersion });
    return { accessToken, expiresIn: this.tokens.lifetimeSeconds, user: sessionUserOf(user) };
  }

  /** The caller behind a token, re-read from the database so deactivation takes effect at once. */
  async authenticate(token: string): Promise<SessionUser | null> {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const user = await this.dataSource.getRepository(User).findOneBy({ id: claims.sub, practiceId: claims.pid });
    if (!user || !user.active || user.sessionVersion !== claims.sv) return null;
    return sessionUserOf(user);
  }
}

export interface Session {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
}

export function sessionUserOf(user: User): SessionUser {
  return { id: user.id, practiceId: user.practiceId, email: user.email, name: user.name, roles: user.roles };
}
