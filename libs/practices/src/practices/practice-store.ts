// The practices table: the practice's own row (name, time zone, public profile).
import { DataSource, EntityManager } from 'typeorm';
import { Practice } from '../entities/practice.entity';

export class PracticeStore {
  constructor(private readonly dataSource: DataSource) {}

  byId(practiceId: string, tx?: EntityManager): Promise<Practice | null> {
    return this.repo(tx).findOneBy({ id: practiceId });
  }

  /** The practice, which the caller knows exists (a member's or an invitation's). */
  existing(practiceId: string, tx?: EntityManager): Promise<Practice> {
    return this.repo(tx).findOneByOrFail({ id: practiceId });
  }

  /** The practice's name ('' when there is none): an easy guess for its staff's passwords. */
  async nameOf(practiceId: string, tx?: EntityManager): Promise<string> {
    return (await this.byId(practiceId, tx))?.name ?? '';
  }

  add(fields: Pick<Practice, 'name' | 'timezone' | 'profile'>, tx: EntityManager): Promise<Practice> {
    const repo = this.repo(tx);
    return repo.save(repo.create(fields));
  }

  save(practice: Practice, tx: EntityManager): Promise<Practice> {
    return this.repo(tx).save(practice);
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(Practice);
  }
}
