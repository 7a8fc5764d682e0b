// First run: creates the first practice and its admin, only while the installation has no users.
import { DataSource } from 'typeorm';
import { ConflictError, inTransaction } from '@app/core';
import { PracticeProfile } from '../entities/practice.entity';
import { User } from '../entities/user.entity';
import { PracticesService } from './practices.service';

export interface SetupInput {
  practiceName: string;
  timezone: string;
  profile?: Partial<PracticeProfile>;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
}

export class SetupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practices: PracticesService,
  ) {}

  async isComplete(): Promise<boolean> {
    return (await this.dataSource.getRepository(User).count()) > 0;
  }

  async run(input: SetupInput) {
    return inTransaction(this.dataSource, async (tx) => {
      if ((await tx.getRepository(User).count()) > 0) throw new ConflictError('Setup has already been done; sign in instead');
      return this.practices.createWithAdmin(
        { name: input.practiceName, timezone: input.timezone, profile: input.profile },
        { name: input.adminName, email: input.adminEmail, password: input.adminPassword, roles: ['admin'] },
        tx,
      );
    });
  }
}
