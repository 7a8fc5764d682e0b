// "Forgot password": a one-time link by e-mail, and the page behind it (also used by admin-issued reset links).
// The request answers the same whether or not the address has an account: it is counted (per address, per client
// and per account) before anything is looked up, and the lookup and the e-mail happen after the answer, so neither
// the answer nor its timing tells. Tokens are stored as SHA-256, expire, work once, and using one ends every session.
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, inTransaction, Mailer, TooManyRequestsError } from '@app/core';
import { AuditLog } from '@app/audit';
import { User } from '../entities/user.entity';
import { MembersStore } from '../memberships/members-store';
import { PracticeStore } from '../practices/practice-store';
import { UsersStore } from '../users/users-store';
import { normaliseEmail, tokenHash } from '../users/users.service';
import { LoginLimiter } from './login-limiter';
import { hashPassword } from './password-hasher';
import { assertStrongPassword } from './password-strength';

/** An e-mailed link works for an hour (an admin-issued one for RESET_HOURS). */
export const MAILED_RESET_MINUTES = 60;
/** At most one e-mail per account in this many minutes, whoever asks and from wherever. */
const RESEND_AFTER_MINUTES = 5;

const UNAVAILABLE = 'This password reset link is invalid, already used or expired; ask for a new one';

export class ResetLinkUnavailableError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor() {
    super(UNAVAILABLE);
  }
}

export class PasswordResets {
  private readonly logger = new Logger(PasswordResets.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly users: UsersStore;
  private readonly members: MembersStore;
  private readonly practices: PracticeStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly limiter: LoginLimiter,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {
    this.users = new UsersStore(dataSource);
    this.members = new MembersStore(dataSource);
    this.practices = new PracticeStore(dataSource);
  }

  /** Someone asks for a reset link for `email`. Resolves the same way for every address (429 when over the limit). */
  async request(emailInput: string, clientIp: string): Promise<void> {
    const email = normaliseEmail(emailInput);
    try {
      await this.limiter.reserve(email, clientIp);
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      throw new TooManyRequestsError(
        'Too many password reset requests. Wait a few minutes and try again.',
        error.retryAfterSeconds,
      );
    }
    const work = this.sendLink(email, clientIp)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Password reset e-mail was not sent'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Resolves once every requested e-mail has been handled (for shutdown and tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Who a reset link is for, so the page can say so; 404 once it is used or expired. */
  async describe(token: string): Promise<{ email: string; expiresAt: Date }> {
    const user = await this.openLink(this.dataSource.manager, token);
    if (!user) throw new ResetLinkUnavailableError();
    return { email: user.email, expiresAt: user.resetExpiresAt! };
  }

  /** The person chooses a new password through the link: it then stops working and every session ends. */
  async reset(token: string, password: string): Promise<void> {
    const found = await this.openLink(this.dataSource.manager, token);
    if (!found) throw new ResetLinkUnavailableError();
    const practices = await this.members.actingMembershipsOf(found.id);
    const practiceNames = await Promise.all(practices.map((m) => this.practices.nameOf(m.practiceId)));
    await assertStrongPassword(password, [found.email, found.name, ...practiceNames]);
    const passwordHash = await hashPassword(password);
    await inTransaction(this.dataSource, async (tx) => {
      const user = await this.openLink(tx, token);
      if (!user) throw new ResetLinkUnavailableError();
      user.passwordHash = passwordHash;
      user.resetTokenHash = null;
      user.resetExpiresAt = null;
      user.sessionVersion += 1;
      await this.users.save(user, tx);
      for (const m of practices) {
        await this.audit.record(tx, m.practiceId, {
          actor: { id: user.id, label: user.email },
          action: 'user.password_reset',
          entityType: 'user',
          entityId: user.id,
        });
      }
    });
  }

  private async sendLink(email: string, clientIp: string): Promise<void> {
    const user = await this.users.byEmail(email);
    // No account, never joined (their invitation link is the way in), or deactivated everywhere: nothing to send.
    if (!user?.passwordHash) return;
    const practices = await this.members.actingMembershipsOf(user.id);
    if (!practices.length) return;
    if (!this.mailer.enabled) {
      this.logger.warn('A password reset was requested but SMTP_URL is not set, so no e-mail can be sent');
      return;
    }
    const now = this.clock.now().getTime();
    const ttl = MAILED_RESET_MINUTES * 60_000;
    const token = randomBytes(24).toString('base64url');
    const sent = await inTransaction(this.dataSource, async (tx) => {
      // One e-mailed link per RESEND_AFTER_MINUTES, decided by the row itself so concurrent requests send one.
      // (A longer-lived admin-issued link does not count: it was handed over, not mailed.)
      const claimed = await this.users.claimMailedReset(
        user.id,
        { tokenHash: tokenHash(token), expiresAt: new Date(now + ttl) },
        { recent: new Date(now + ttl - RESEND_AFTER_MINUTES * 60_000), latest: new Date(now + ttl) },
        tx,
      );
      if (!claimed) return false;
      for (const m of practices) {
        await this.audit.record(tx, m.practiceId, {
          actor: { id: user.id, label: user.email },
          action: 'user.password_reset_requested',
          entityType: 'user',
          entityId: user.id,
          details: { clientIp },
        });
      }
      return true;
    });
    if (!sent) return;
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your Practice Planner password',
      text:
        `Someone (hopefully you) asked to reset the password for ${user.email}.\n\n` +
        `Choose a new password here; the link works once, for ${MAILED_RESET_MINUTES} minutes:\n` +
        `${resetLinkFor(this.publicUrl, token)}\n\n` +
        'If you did not ask for this, ignore this e-mail: your password stays as it is.\n\n— Practice Social Planner',
    });
  }

  private async openLink(manager: EntityManager, token: string): Promise<User | null> {
    if (!token) return null;
    const user = await this.users.byResetTokenHash(tokenHash(token), manager);
    return user?.resetExpiresAt && user.resetExpiresAt >= this.clock.now() ? user : null;
  }
}

/** The page where a person chooses a new password (e-mailed and admin-issued links alike). */
export function resetLinkFor(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/reset-password/${token}`;
}
