import { Column, Entity, Index } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';

export const AUTHORIZATION_USES = ['testimonial', 'photo', 'story'] as const;
export type AuthorizationUse = (typeof AUTHORIZATION_USES)[number];

/**
 * A patient's signed HIPAA authorization (45 CFR 164.508) to use their name, story or photo in the
 * practice's marketing. Only this clears a blocking PHI finding about that patient, for the uses it names,
 * until it expires or is revoked.
 */
@Entity('patient_authorizations')
@Index('ix_authorizations_practice', ['practiceId'])
export class PatientAuthorization extends PracticeOwnedEntity {
  /** As the patient is named in posts (the checker matches findings against it). */
  @Column({ type: 'varchar', length: 200 })
  patientName: string;

  @Column({ type: JSON_COLUMN })
  uses: AuthorizationUse[];

  @Column({ type: INSTANT })
  signedAt: Date;

  @Column({ type: INSTANT, nullable: true })
  expiresAt: Date | null;

  /** Where the signed form is: a document id in the practice's records, or an uploaded file (/api/media/<id>). */
  @Column({ type: 'varchar', length: 500 })
  documentRef: string;

  @Column({ type: 'varchar', length: 36 })
  recordedById: string;

  @Column({ type: INSTANT, nullable: true })
  revokedAt: Date | null;
}
