// Is an @handle a partner organisation (@cedarroomyoga, @marchofdimes) or a person (@thekellyfam_pnw)?
import { Analysis, HandleMention, isSecondPerson, isThirdPerson, sentenceHas } from '../analysis';
import { vocabulary } from './vocabulary';

// Words that introduce a partner: "with our friends at @x", "courtesy of @x", "follow @x".
const PARTNER_BEFORE =
  /(?:\bwith|\bat|\bfrom|\bby|\bof|\bfollow|\bpartner|\bpartnership with|\bcourtesy of|\bthanks?(?: to)?|\bthank you(?: to)?|\bgracias a|\bcon|\bjoin|\bvia|\band)\s*(?:our friends at\s*)?$/i;
const PERSONAL = /(?:fam|family|mom|mama|dad|papa|baby|twins|runs|life|x{2,}|_\d+|\d{2,})$/i;

function containsOrgWord(a: Analysis, handle: string): boolean {
  const h = handle.toLowerCase().replace(/[^a-z]/g, '');
  for (let i = 0; i < h.length; i++) {
    for (let len = 3; len <= 12 && i + len <= h.length; len++) {
      const part = h.slice(i, i + len);
      // A word of three letters must stand at an end ("...rx", "dph..."): inside, too many words contain one.
      if (len === 3 && i !== 0 && i + len !== h.length) continue;
      if (a.rules.phrases.hasWord('org_words', part)) return true;
    }
  }
  return false;
}

/** A partner's handle: it names an organisation, or it is introduced as a partner and nobody in the sentence is a "you", "he" or "she". */
export function isPartnerHandle(a: Analysis, h: HandleMention, sentence: number): boolean {
  if (PERSONAL.test(h.handle)) return false;
  const personal = sentenceHas(a, sentence, (t) => isSecondPerson(t) || isThirdPerson(t));
  if ((containsOrgWord(a, h.handle) || vocabulary().companies.has(h.handle.toLowerCase())) && !personal) return true;
  const before = a.text.slice(Math.max(0, h.start - 40), h.start);
  return PARTNER_BEFORE.test(before) && !personal;
}
