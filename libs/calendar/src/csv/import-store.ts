// What a CSV import reads before it writes: the accounts a row may name.
import { DataSource, Not } from 'typeorm';
import { SocialAccount } from '@app/accounts';

export class ImportStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The practice's accounts that are not disconnected, oldest first (a row names them by network or name). */
  accountsToImportTo(practiceId: string): Promise<SocialAccount[]> {
    return this.dataSource
      .getRepository(SocialAccount)
      .find({ where: { practiceId, status: Not('disconnected') }, order: { createdAt: 'ASC' } });
  }
}
