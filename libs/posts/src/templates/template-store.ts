// A practice's own templates (the seeded library is files, not rows): one row per practice and key.
import { DataSource, EntityManager } from 'typeorm';
import { LibraryTemplate } from '@app/templates';
import { PracticeTemplate } from '../entities/practice-template.entity';

export class TemplateStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The practice's templates, oldest first. */
  all(practiceId: string, tx?: EntityManager): Promise<PracticeTemplate[]> {
    return this.repo(tx).find({ where: { practiceId }, order: { createdAt: 'ASC' } });
  }

  byKey(practiceId: string, key: string, tx?: EntityManager): Promise<PracticeTemplate | null> {
    return this.repo(tx).findOneBy({ practiceId, key });
  }

  /** Saves the definition under its key: into `existing` (read in this transaction) or a new row. */
  put(
    practiceId: string,
    existing: PracticeTemplate | null,
    definition: LibraryTemplate,
    createdById: string,
    tx: EntityManager,
  ): Promise<PracticeTemplate> {
    const repo = this.repo(tx);
    const row = existing ?? repo.create({ practiceId, key: definition.key, createdById });
    row.definition = definition;
    return repo.save(row);
  }

  async remove(practiceId: string, templateId: string, tx: EntityManager): Promise<void> {
    await this.repo(tx).delete({ practiceId, id: templateId });
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(PracticeTemplate);
  }
}
