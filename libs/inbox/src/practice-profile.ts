// What triage may know about a practice, read from its profile: its own website and numbers are never spam.
import { EntityManager } from 'typeorm';
import { PracticeStore } from '@app/practices';
import type { TriageProfile } from './triage/types';

export async function triageProfileOf(tx: EntityManager, practiceId: string): Promise<TriageProfile> {
  const practice = await new PracticeStore(tx.connection).byId(practiceId, tx);
  if (!practice) return {};
  return {
    name: practice.name,
    website: practice.profile?.website,
    phones: practice.profile?.phones,
    handles: practice.profile?.handles,
  };
}
