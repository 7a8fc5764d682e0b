// The secret in a member's calendar feed address (one per person and practice): made, replaced and revoked here. Only its SHA-256 is
// stored, the token itself is shown once, and a calendar app holding it can read and never change anything.
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inTransaction, NotFoundError, sha256Hex } from '@app/core';
import { AuditLog } from '@app/audit';
import { actorOf, Membership, MembersStore, SessionUser } from '@app/practices';

/** 32 random bytes, base64url: 43 characters that survive being pasted into any calendar app. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export class CalendarFeedTokens {
  private readonly members: MembersStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {
    this.members = new MembersStore(dataSource);
  }

  /** Creates the feed token, or replaces it (the old address stops working at once). Returns the new token. */
  async issue(practiceId: string, user: SessionUser): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await inTransaction(this.dataSource, async (tx) => {
      const row = await this.members.membership(practiceId, user.id, tx);
      if (!row) throw new NotFoundError('User', user.id);
      const rotated = row.calendarFeedTokenHash !== null;
      await this.members.setFeedToken(practiceId, user.id, sha256Hex(token), tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: rotated ? 'user.calendar_feed_rotated' : 'user.calendar_feed_created',
        entityType: 'user',
        entityId: user.id,
      });
    });
    return token;
  }

  /** Stops the feed. Revoking a feed that does not exist changes nothing and records nothing. */
  async revoke(practiceId: string, user: SessionUser): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const row = await this.members.membership(practiceId, user.id, tx);
      if (!row) throw new NotFoundError('User', user.id);
      if (row.calendarFeedTokenHash === null) return;
      await this.members.setFeedToken(practiceId, user.id, null, tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'user.calendar_feed_revoked',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  async exists(practiceId: string, userId: string): Promise<boolean> {
    const row = await this.members.membership(practiceId, userId);
    return row?.calendarFeedTokenHash != null;
  }

  /**
   * The active membership a token belongs to, or null. This is the one lookup not scoped by practiceId:
   * the token is what identifies the practice. The lookup is by hash, so the token is never compared.
   */
  async userFor(token: string): Promise<Membership | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    return this.members.actingByFeedToken(sha256Hex(token));
  }
}
