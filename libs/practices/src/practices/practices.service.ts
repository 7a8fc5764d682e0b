// The practice itself: its name, time zone and public profile (the PHI checker's allowlist).
import { IANAZone } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, InvalidInputError, NotFoundError } from '@app/core';
import { AuditLog } from '@app/audit';
import { emptyProfile, Practice, PracticeProfile } from '../entities/practice.entity';
import { actorOf, SessionUser } from '../auth/session-user';
import { NewUser, UsersService } from '../users/users.service';
import { PracticeStore } from './practice-store';
import { User } from '../entities/user.entity';
import { Membership } from '../entities/membership.entity';

export interface PracticeSettings {
  name?: string;
  timezone?: string;
  profile?: Partial<PracticeProfile>;
}

export function assertTimezone(timezone: string): void {
  if (!IANAZone.isValidZone(timezone)) {
    throw new InvalidInputError(`timezone "${timezone}" is not an IANA time zone (for example America/New_York)`);
  }
}

export class PracticesService {
  private readonly store: PracticeStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly users: UsersService,
  ) {
    this.store = new PracticeStore(dataSource);
  }

  async get(practiceId: string): Promise<Practice> {
    const practice = await this.store.byId(practiceId);
    if (!practice) throw new NotFoundError('Practice', practiceId);
    return practice;
  }

  /** A new practice with its first admin, in one transaction (used by first-run setup and the CLI). */
  async createWithAdmin(
    input: { name: string; timezone: string; profile?: Partial<PracticeProfile> },
    admin: NewUser,
    manager?: EntityManager,
  ): Promise<{ practice: Practice; admin: User; membership: Membership; inviteToken: string | null }> {
    assertTimezone(input.timezone);
    const work = async (tx: EntityManager) => {
      const practice = await this.store.add(
        { name: input.name.trim(), timezone: input.timezone, profile: { ...emptyProfile(), ...input.profile } },
        tx,
      );
      const { user, membership, inviteToken } = await this.users.invite(
        practice.id,
        null,
        { ...admin, roles: [...new Set([...admin.roles, 'admin' as const])] },
        tx,
      );
      await this.audit.record(tx, practice.id, {
        actor: { id: user.id, label: user.email },
        action: 'practice.created',
        entityType: 'practice',
        entityId: practice.id,
        after: practice,
        details: { name: practice.name, timezone: practice.timezone },
      });
      return { practice, admin: user, membership, inviteToken };
    };
    return manager ? work(manager) : inTransaction(this.dataSource, work);
  }

  /** `manager`: inside the caller's transaction (a zone change moves the scheduled posts in the same one). */
  async update(
    practiceId: string,
    by: SessionUser,
    settings: PracticeSettings,
    manager?: EntityManager,
  ): Promise<Practice> {
    // '' too: an empty zone broke the calendar and the iCal feed.
    if (settings.timezone !== undefined) assertTimezone(settings.timezone);
    const work = async (tx: EntityManager) => {
      const practice = await this.store.byId(practiceId, tx);
      if (!practice) throw new NotFoundError('Practice', practiceId);
      const before = structuredClone({ name: practice.name, timezone: practice.timezone, profile: practice.profile });
      if (settings.name !== undefined) practice.name = settings.name.trim();
      if (settings.timezone !== undefined) practice.timezone = settings.timezone;
      if (settings.profile)
        practice.profile = { ...emptyProfile(), ...practice.profile, ...definedOnly(settings.profile) };
      await this.store.save(practice, tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(by),
        action: 'practice.updated',
        entityType: 'practice',
        entityId: practiceId,
        before,
        after: { name: practice.name, timezone: practice.timezone, profile: practice.profile },
        details: {
          changed: Object.keys(settings).flatMap((k) =>
            k === 'profile' ? Object.keys(settings.profile ?? {}).map((p) => `profile.${p}`) : [k],
          ),
        },
      });
      return practice;
    };
    return manager ? work(manager) : inTransaction(this.dataSource, work);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
