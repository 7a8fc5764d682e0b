// The users table: a person's account (e-mail, password, reset link, session version). An account is not owned
// by one practice (a person can work for several), so these methods take the user, not a practice; what a
// practice may see of a person goes through MembersStore.
import { DataSource, EntityManager } from 'typeorm';
import { User } from '../entities/user.entity';

export type UserFields = Pick<
  User,
  'email' | 'name' | 'passwordHash' | 'resetTokenHash' | 'resetExpiresAt' | 'lastLoginAt' | 'sessionVersion'
>;

export class UsersStore {
  constructor(private readonly dataSource: DataSource) {}

  byEmail(email: string, tx?: EntityManager): Promise<User | null> {
    return this.repo(tx).findOneBy({ email });
  }

  byId(userId: string, tx?: EntityManager): Promise<User | null> {
    return this.repo(tx).findOneBy({ id: userId });
  }

  /** The account, which the caller knows exists (a row locked or just changed in its transaction). */
  existing(userId: string, tx?: EntityManager): Promise<User> {
    return this.repo(tx).findOneByOrFail({ id: userId });
  }

  byResetTokenHash(resetTokenHash: string, tx?: EntityManager): Promise<User | null> {
    return this.repo(tx).findOneBy({ resetTokenHash });
  }

  /** Whether the installation has any account yet (first-run setup runs only while it has none). */
  async anyExists(tx?: EntityManager): Promise<boolean> {
    return (await this.repo(tx).count()) > 0;
  }

  add(fields: UserFields, tx: EntityManager): Promise<User> {
    const repo = this.repo(tx);
    return repo.save(repo.create(fields));
  }

  save(user: User, tx: EntityManager): Promise<User> {
    return this.repo(tx).save(user);
  }

  async recordLogin(userId: string, at: Date, tx: EntityManager): Promise<void> {
    await this.repo(tx).update({ id: userId }, { lastLoginAt: at });
  }

  /**
   * Ends every session of the account by moving its session version on, only if it is still `sessionVersion`
   * (a token from an older version has nothing left to end). True when it moved.
   */
  async endSessions(userId: string, sessionVersion: number, tx: EntityManager): Promise<boolean> {
    const result = await this.repo(tx).increment({ id: userId, sessionVersion }, 'sessionVersion', 1);
    return Boolean(result.affected);
  }

  /**
   * Stores a mailed reset link's hash unless a link was mailed recently: a link already set that expires after
   * `recent` and no later than `latest` was mailed in the last few minutes. The row decides, so concurrent requests
   * store (and send) one. True when this call stored its link.
   */
  async claimMailedReset(
    userId: string,
    link: { tokenHash: string; expiresAt: Date },
    window: { recent: Date; latest: Date },
    tx: EntityManager,
  ): Promise<boolean> {
    const claimed = await tx
      .createQueryBuilder()
      .update(User)
      .set({ resetTokenHash: link.tokenHash, resetExpiresAt: link.expiresAt })
      .where('id = :id', { id: userId })
      .andWhere('("resetExpiresAt" IS NULL OR "resetExpiresAt" <= :recent OR "resetExpiresAt" > :latest)', window)
      .execute();
    return Boolean(claimed.affected);
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(User);
  }
}
