// The patient authorizations table: a practice's signed consents to name a patient in a post.
import { DataSource, EntityManager, In } from 'typeorm';
import { PatientAuthorization } from '../entities/patient-authorization.entity';

export type AuthorizationFields = Omit<PatientAuthorization, 'id' | 'createdAt' | 'updatedAt'>;

export class AuthorizationStore {
  constructor(private readonly dataSource: DataSource) {}

  newestFirst(practiceId: string, tx?: EntityManager): Promise<PatientAuthorization[]> {
    return this.repo(tx).find({ where: { practiceId }, order: { createdAt: 'DESC' } });
  }

  byId(practiceId: string, id: string, tx?: EntityManager): Promise<PatientAuthorization | null> {
    return this.repo(tx).findOneBy({ practiceId, id });
  }

  byIds(practiceId: string, ids: string[], tx?: EntityManager): Promise<PatientAuthorization[]> {
    return this.repo(tx).findBy({ practiceId, id: In(ids) });
  }

  add(fields: AuthorizationFields, tx: EntityManager): Promise<PatientAuthorization> {
    const repo = this.repo(tx);
    return repo.save(repo.create(fields));
  }

  save(row: PatientAuthorization, tx: EntityManager): Promise<PatientAuthorization> {
    return this.repo(tx).save(row);
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(PatientAuthorization);
  }
}
