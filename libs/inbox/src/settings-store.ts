// A practice's inbox policy row (response time, after-hours line, trusted repliers): one per practice.
import { DataSource, EntityManager } from 'typeorm';
import { InboxSettings } from './entities/inbox-settings.entity';

export type InboxSettingsFields = Pick<InboxSettings, 'responseMinutes' | 'afterHoursPhone' | 'trustedReplierIds'>;

export class InboxSettingsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The practice's row, or null while it keeps the defaults. */
  of(practiceId: string, tx?: EntityManager): Promise<InboxSettings | null> {
    return this.repo(tx).findOneBy({ practiceId });
  }

  /** Updates the practice's row (`existing`, read in this transaction) or creates it. */
  async put(
    practiceId: string,
    existing: InboxSettings | null,
    fields: InboxSettingsFields,
    tx: EntityManager,
  ): Promise<void> {
    const repo = this.repo(tx);
    if (existing) await repo.update({ practiceId, id: existing.id }, fields);
    else await repo.save(repo.create({ practiceId, ...fields }));
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(InboxSettings);
  }
}
