// First run: creates the first practice and its admin, only while the installation has no users.
// Concurrent setups are serialised by the database (an advisory lock on PostgreSQL; SQLite has one writer
// and inTransaction queues this process's transactions), so exactly one wins and the rest get a 409.
import { DataSource } from 'typeorm';
import { ConflictError, holdTransactionLock, inTransaction } from '@app/core';
import { PracticeProfile } from '../entities/practice.entity';
import { UsersStore } from '../users/users-store';
import { PracticesService } from './practices.service';

/** Any fixed 64-bit number, the same in every process: the advisory lock that first-run setup takes. */
const SETUP_LOCK = '7461923850147';

export interface SetupInput {
  practiceName: string;
  timezone: string;
  profile?: Partial<PracticeProfile>;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
}

export class SetupService {
  private readonly users: UsersStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly practices: PracticesService,
  ) {
    this.users = new UsersStore(dataSource);
  }

  isComplete(): Promise<boolean> {
    return this.users.anyExists();
  }

  async run(input: SetupInput) {
    return inTransaction(this.dataSource, async (tx) => {
      // Held until this transaction ends: a second setup waits here, then sees the first one's admin.
      await holdTransactionLock(tx, SETUP_LOCK);
      if (await this.users.anyExists(tx)) throw new ConflictError('Setup has already been done; sign in instead');
      return this.practices.createWithAdmin(
        { name: input.practiceName, timezone: input.timezone, profile: input.profile },
        { name: input.adminName, email: input.adminEmail, password: input.adminPassword, roles: ['admin'] },
        tx,
      );
    });
  }
}
