// Capitalised words the name detector read as patients but the word lists know as something else:
// eponyms ("Ménière's disease", "the Epley maneuver", "Bell's palsy"), medical brands and devices
// ("Dexcom", "Invisalign"), and companies ("Aetna", "Walgreens").
import { Analysis, indexPatients } from '../analysis';
import { Vocabulary } from './vocabulary';

// Nouns after a name that make it part of a medical term.
const EPONYM_NOUNS = new Set([
  'disease',
  'syndrome',
  'maneuver',
  'manoeuvre',
  'palsy',
  'procedure',
  'test',
  'sign',
  'tendon',
  'reflex',
  'phenomenon',
  'fracture',
  'operation',
  'technique',
  'method',
  'exercises',
  'protocol',
  'scale',
  'criteria',
  'classification',
  'ulcer',
  'neuroma',
  'cyst',
  'lymphoma',
  'disorder',
  'contracture',
  'deformity',
  'enfermedad',
  'síndrome',
  'maniobra',
]);

// "KanCare", "BlueShield", "MyChart": a capital inside a word marks a brand, unless it is a name prefix (McKay, DeShawn, LaToya, O'Neil).
const BRAND_SHAPE = /^\p{Lu}\p{Ll}+\p{Lu}/u;
const NAME_PREFIX = /^(?:Mc|Mac|De|Da|Di|Du|La|Le|Lo|Van|Von|St|Ja|Ke|Ty|Sha|Tre)\p{Lu}/u;

function allWordsAre(words: readonly string[], test: (w: string) => boolean): boolean {
  return words.length > 0 && words.every(test);
}

export function reclassifyByVocabulary(a: Analysis, vocab: Vocabulary): void {
  let changed = false;
  for (const p of a.people) {
    if (
      p.role !== 'patient' ||
      p.slot === 'patient-marker' ||
      p.slot === 'honorific' ||
      p.slot === 'salutation' ||
      p.slot === 'vocative'
    )
      continue;
    const words = p.key.split(' ').filter((w) => w.length > 1);
    const next = a.tokens[p.lastToken + 1];
    // Only a word right after the name, with nothing between: "Bell's palsy", "Epley maneuver" (not "Kevin M., implant patient").
    const nextWord = next && next.sentence === p.sentence && next.gapBefore === ' ' ? next.norm : '';
    const eponym = EPONYM_NOUNS.has(nextWord) || (a.tokens[p.lastToken].possessive && EPONYM_NOUNS.has(nextWord));
    const term = allWordsAre(words, (w) => (vocab.medical.has(w) || vocab.companies.has(w)) && !vocab.names.has(w));
    const text = a.text.slice(p.start, p.end);
    const brand = BRAND_SHAPE.test(text) && !NAME_PREFIX.test(text) && !/\s/.test(text);
    if (eponym || term || brand) {
      p.role = 'org';
      changed = true;
    }
  }
  if (changed) indexPatients(a);
}
