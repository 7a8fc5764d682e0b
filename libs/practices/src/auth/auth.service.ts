// Sign-in and session checks. Attempts are counted before the password is checked (LoginLimiter);
// a session dies with its user's sessionVersion.
import { DataSource } from 'typeorm';
import { Clock, inTransaction, UnauthorizedError } from '@app/core';
import { AuditLog } from '@app/audit';
import { User } from '../entities/user.entity';
import { normaliseEmail } from '../users/users.service';
import { LoginLimiter } from './login-limiter';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
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

  async login(emailInput: string, password: string, clientIp: string): Promise<{ accessToken: string; expiresIn: number; user: SessionUser }> {
    const email = normaliseEmail(emailInput);
    await this.limiter.reserve(email, clientIp);
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !user.passwordHash || !valid || !user.active) {
      if (user) {
        await inTransaction(this.dataSource, (tx) => this.audit.record(tx, user.practiceId, {
          actor: { id: user.id, label: user.email }, action: 'auth.login_failed', entityType: 'user', entityId: user.id,
          details: { clientIp, reason: !user.active ? 'inactive' : 'bad_password' },
        }));
      }
      throw new UnauthorizedError('The e-mail or password is not right');
    }
    await this.limiter.succeeded(email, clientIp);
    await inTransaction(this.dataSource, async (tx) => {
      await tx.getRepository(User).update({ id: user.id }, { lastLoginAt: this.clock.now() });
      await this.audit.record(tx, user.practiceId, {
        actor: { id: user.id, label: user.email }, action: 'auth.login', entityType: 'user', entityId: user.id, details: { clientIp },
      });
    });
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

export function sessionUserOf(user: User): SessionUser {
  return { id: user.id, practiceId: user.practiceId, email: user.email, name: user.name, roles: user.roles };
}
