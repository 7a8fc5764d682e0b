import { Column, Entity } from 'typeorm';
import { BaseEntity, JSON_COLUMN } from '@app/core';

/**
 * The practice's own public details. None of this is patient data: the PHI checker allowlists it,
 * and templates use it as {{practice.*}} variables.
 */
export interface PracticeProfile {
  website?: string;
  portalUrl?: string;
  bookingUrl?: string;
  /** The town or neighbourhood the practice serves, for {{practice.city}}. */
  city?: string;
  addresses: string[];
  phones: string[];
  faxes: string[];
  emails: string[];
  /** Staff names as the practice writes them: "Dr. Sarah Lee", "Maria Gomez, RDH". */
  staff: string[];
  /** The practice's own social handles, with or without @. */
  handles: string[];
}

export const emptyProfile = (): PracticeProfile => ({
  addresses: [],
  phones: [],
  faxes: [],
  emails: [],
  staff: [],
  handles: [],
});

/** A tenant: one medical or dental practice. */
@Entity('practices')
export class Practice extends BaseEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA zone, e.g. America/Chicago. All calendar math happens in this zone. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: JSON_COLUMN })
  profile: PracticeProfile;
}
