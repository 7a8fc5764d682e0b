// Recording, listing and revoking patient authorizations, and turning them into what the checker needs.
import { DataSource } from 'typeorm';
import { Clock, inTransaction, InvalidInputError, NotFoundError } from '@app/core';
import { AuditLog } from '@app/audit';
import { actorOf, SessionUser } from '@app/practices';
import { CheckAuthorization } from '../content-checker';
import { AuthorizationUse, PatientAuthorization } from '../entities/patient-authorization.entity';
import { AuthorizationStore } from './authorization-store';

export interface NewAuthorization {
  patientName: string;
  uses: AuthorizationUse[];
  signedAt: Date;
  expiresAt?: Date | null;
  documentRef: string;
}

export class PatientAuthorizations {
  private readonly store: AuthorizationStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.store = new AuthorizationStore(dataSource);
  }

  list(practiceId: string): Promise<PatientAuthorization[]> {
    return this.store.newestFirst(practiceId);
  }

  async record(practiceId: string, user: SessionUser, input: NewAuthorization): Promise<PatientAuthorization> {
    if (input.expiresAt && input.expiresAt <= input.signedAt)
      throw new InvalidInputError('The expiry date must be after the date it was signed', { field: 'expiresAt' });
    if (input.signedAt > this.clock.now())
      throw new InvalidInputError('The date it was signed cannot be in the future', { field: 'signedAt' });
    return inTransaction(this.dataSource, async (tx) => {
      const row = await this.store.add(
        {
          practiceId,
          patientName: input.patientName.trim(),
          uses: [...new Set(input.uses)],
          signedAt: input.signedAt,
          expiresAt: input.expiresAt ?? null,
          documentRef: input.documentRef.trim(),
          recordedById: user.id,
          revokedAt: null,
        },
        tx,
      );
      // The audit entry names the authorization and its document, not the patient (the log is read widely).
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'authorization.recorded',
        entityType: 'authorization',
        entityId: row.id,
        after: row,
        details: {
          uses: row.uses,
          signedAt: row.signedAt.toISOString(),
          expiresAt: row.expiresAt?.toISOString() ?? null,
          documentRef: row.documentRef,
        },
      });
      return row;
    });
  }

  async revoke(practiceId: string, user: SessionUser, id: string): Promise<PatientAuthorization> {
    return inTransaction(this.dataSource, async (tx) => {
      const row = await this.store.byId(practiceId, id, tx);
      if (!row) throw new NotFoundError('Authorization', id);
      if (!row.revokedAt) {
        row.revokedAt = this.clock.now();
        await this.store.save(row, tx);
        await this.audit.record(tx, practiceId, {
          actor: actorOf(user),
          action: 'authorization.revoked',
          entityType: 'authorization',
          entityId: id,
        });
      }
      return row;
    });
  }

  /** The named authorizations, all of this practice and not revoked; unknown or revoked ones are an error. */
  async usable(practiceId: string, ids: string[]): Promise<PatientAuthorization[]> {
    if (!ids.length) return [];
    const rows = await this.store.byIds(practiceId, ids);
    const bad = ids.filter((id) => !rows.some((r) => r.id === id && !r.revokedAt));
    if (bad.length)
      throw new InvalidInputError(
        `${bad.length === 1 ? 'A chosen authorization was' : 'Some chosen authorizations were'} not found or revoked (${bad.join(', ')})`,
        {
          field: 'authorizationIds',
        },
      );
    return rows;
  }
}

/** The checker's view of stored authorizations (expired ones are passed too: the checker decides with `now`). */
export function forChecker(rows: PatientAuthorization[]): CheckAuthorization[] {
  return rows
    .filter((r) => !r.revokedAt)
    .map((r) => ({
      id: r.id,
      patientName: r.patientName,
      uses: r.uses,
      expiresAt: r.expiresAt?.toISOString() ?? null,
    }));
}
