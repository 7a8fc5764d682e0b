// References to one specific person that carry no usable name: a role with an anchor, a standing
// appointment, a photo description, a titled community figure, an endearment, "you know who you are".
import { Analysis, hitsIn, hitsOf, hitStartingAt } from '../analysis';
import { Span, Token } from '../text/tokens';

export type ReferenceKind = 'described' | 'slot' | 'you-know-who' | 'community-figure' | 'endearment' | 'relative';

export interface PersonReference extends Span {
  kind: ReferenceKind;
  sentence: number;
  first: number;
  last: number;
  subject: string;
}

const DEFINITE = new Set([
  'the',
  'our',
  'this',
  'that',
  'whoever',
  'al',
  'la',
  'el',
  'nuestra',
  'nuestro',
  'esta',
  'este',
  'esa',
  'ese',
  'to',
  'a',
]);
const GENERIC = new Set([
  'any',
  'every',
  'each',
  'all',
  'many',
  'most',
  'some',
  'no',
  'your',
  'ur',
  'cualquier',
  'todo',
  'toda',
  'todos',
  'todas',
  'cada',
  'if',
  'si',
  'other',
  'another',
  'more',
  'fellow',
]);
const COLOURS = new Set([
  'red',
  'blue',
  'green',
  'yellow',
  'pink',
  'purple',
  'orange',
  'black',
  'white',
  'gray',
  'grey',
  'striped',
  'sparkly',
  'plaid',
  'camo',
  'rojo',
  'roja',
  'azul',
  'verde',
  'amarillo',
  'amarilla',
  'rosa',
  'negro',
  'negra',
  'blanco',
  'blanca',
]);
const WEEKDAYS = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'lunes',
  'martes',
  'miércoles',
  'miercoles',
  'jueves',
  'viernes',
  'sábado',
  'sabado',
  'domingo',
  'mondays',
  'tuesdays',
  'wednesdays',
  'thursdays',
  'fridays',
  'saturdays',
  'sundays',
]);
const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'their', 'su', 'sus']);

function isClock(t: Token | undefined): boolean {
  if (!t) return false;
  return /^\d{1,2}(:\d{2})?(am|pm|a|p)?$/.test(t.norm) || t.norm === 'am' || t.norm === 'pm' || t.norm === 'noon';
}

function sameSentence(a: Analysis, i: number, sentence: number): boolean {
  const t = a.tokens[i];
  return t !== undefined && t.sentence === sentence;
}

/** Does a detail after the role anchor it to one person ("at Maple Elementary", "who brought us coffee", "in the red cap")? */
function anchoredAfter(a: Analysis, last: number, sentence: number): boolean {
  const anchor = hitStartingAt(a, 'anchor_words', last + 1);
  if (!anchor || !sameSentence(a, anchor.last, sentence) || /[,;:!?.]/.test(a.tokens[anchor.first].gapBefore))
    return false;
  const word = a.tokens[anchor.first].norm;
  for (let k = anchor.last + 1; k <= anchor.last + 5 && sameSentence(a, k, sentence); k++) {
    const t = a.tokens[k];
    if (t.masked) return true;
    if (t.shape === 'title' && !t.sentenceStart) return true;
    if (/\d/.test(t.text) || t.possessive || COLOURS.has(t.norm) || WEEKDAYS.has(t.norm)) return true;
  }
  // "the mom who first walked in at 19 weeks", "the grandmother who drives in every Saturday".
  if (word === 'who' || word === 'whose' || word === 'que') {
    for (let k = anchor.last + 1; k <= anchor.last + 3 && sameSentence(a, k, sentence); k++) {
      const n = a.tokens[k].norm;
      if (
        /(ed|ought|ame|ent|ew|ove|ung|ook|ave|ad|ot|ró|ió|ó)$/.test(n) ||
        n === "'s" ||
        n === 'has' ||
        n === 'had' ||
        n === 'is' ||
        n === 'was' ||
        n === 'just' ||
        n === 'finally' ||
        n === 'tiene' ||
        n === 'vino'
      )
        return true;
    }
  }
  return false;
}

/** A telling detail between the determiner and the role ("our favorite Olympia firefighter", "the 42-year-old", "our tuesday 7:30am regular"). */
function anchoredBefore(a: Analysis, determiner: number, first: number): boolean {
  for (let k = determiner + 1; k < first; k++) {
    const t = a.tokens[k];
    if (
      (t.shape === 'title' && !t.sentenceStart) ||
      /\d/.test(t.text) ||
      WEEKDAYS.has(t.norm) ||
      t.norm === 'only' ||
      t.norm === 'certain'
    )
      return true;
  }
  return false;
}

/** The determiner in front of a role, skipping up to three describing words; -1 when generic or none. */
function determinerBefore(a: Analysis, first: number, sentence: number): number {
  for (let k = first - 1; k >= Math.max(0, first - 4) && sameSentence(a, k, sentence); k--) {
    const t = a.tokens[k];
    if (GENERIC.has(t.norm)) return -1;
    if (DEFINITE.has(t.norm)) {
      // "a certain fisherman"; a plain "a" is generic ("a mom who is worried...").
      if (t.norm === 'a' || t.norm === 'to')
        return a.tokens[k + 1]?.norm === 'certain'
          ? k
          : t.norm === 'to' && a.tokens[k + 1]?.norm === 'the'
            ? k + 1
            : -1;
      return k;
    }
    if (t.possessive) return k;
    if (/[,;:!?.]/.test(a.tokens[k + 1].gapBefore)) return -1;
  }
  return -1;
}

function reference(a: Analysis, kind: ReferenceKind, first: number, last: number): PersonReference {
  const start = a.tokens[first].start;
  const end = a.tokens[last].end;
  return { kind, first, last, start, end, sentence: a.tokens[first].sentence, subject: a.text.slice(start, end) };
}

/** The packs' person nouns, and any other word for a kind of person ("the harbormaster"). */
function personNouns(a: Analysis): Array<{ first: number; last: number; sentence: number }> {
  const hits = hitsOf(a, 'person_nouns');
  const out: Array<{ first: number; last: number; sentence: number }> = [...hits];
  for (const t of a.tokens) {
    if (t.shape !== 'lower' || t.masked || !t.alpha || t.text.length < 4) continue;
    if (!a.lexicon.isActor(t.base) || a.rules.phrases.listsOf(t.base)) continue;
    if (hits.some((h) => h.first <= t.index && h.last >= t.index)) continue;
    out.push({ first: t.index, last: t.index, sentence: t.sentence });
  }
  return out;
}

function describedPeople(a: Analysis, out: PersonReference[]): void {
  for (const h of personNouns(a)) {
    const next = a.tokens[h.last + 1];
    // "our hygienist Maria", "the Lopez family": a name follows, and the name detector reads it.
    if (
      next &&
      next.sentence === h.sentence &&
      next.shape === 'title' &&
      next.gapBefore === ' ' &&
      !hitStartingAt(a, 'anchor_words', h.last + 1)
    )
      continue;
    // "the senior services line", "our practice manager": a modifier, or one of our own staff.
    if (
      next &&
      next.sentence === h.sentence &&
      next.gapBefore === ' ' &&
      next.shape === 'lower' &&
      !hitStartingAt(a, 'anchor_words', h.last + 1) &&
      !a.lexicon.isVerb(next.base)
    )
      continue;
    if (hitsIn(a, 'staff_roles', h.sentence).some((r) => r.first <= h.last && r.last >= h.first)) continue;
    const det = determinerBefore(a, h.first, h.sentence);
    if (det < 0) continue;
    const possessor = a.tokens[det].possessive && a.tokens[det].shape !== 'lower';
    const inPhoto = hitsIn(a, 'picture_cues', h.sentence).length > 0;
    if (possessor || anchoredBefore(a, det, h.first) || anchoredAfter(a, h.last, h.sentence) || inPhoto)
      out.push(reference(a, 'described', det, h.last));
  }
}

/** "whoever holds our Thursday 7am spot", "our 8:15 tuesday regular", "al señor que tiene su cita todos los lunes a las 9". */
function standingSlots(a: Analysis, out: PersonReference[]): void {
  const { tokens } = a;
  for (let i = 0; i < tokens.length; i++) {
    if (!WEEKDAYS.has(tokens[i].norm)) continue;
    const s = tokens[i].sentence;
    let clock = -1;
    for (let k = Math.max(0, i - 4); k <= i + 5 && k < tokens.length; k++)
      if (tokens[k].sentence === s && isClock(tokens[k])) clock = k;
    if (clock < 0) continue;
    const lo = Math.max(0, Math.min(i, clock) - 4);
    const hi = Math.min(tokens.length - 1, Math.max(i, clock) + 4);
    let holder = -1;
    for (let k = lo; k <= hi; k++) {
      if (tokens[k].sentence !== s) continue;
      if (
        hitStartingAt(a, 'slot_words', k) ||
        hitStartingAt(a, 'person_nouns', k) ||
        tokens[k].norm === 'whoever' ||
        tokens[k].norm === 'señor' ||
        tokens[k].norm === 'señora'
      )
        holder = k;
    }
    if (holder >= 0) out.push(reference(a, 'slot', Math.min(lo + 0, holder, i), Math.max(holder, i, clock)));
  }
}

/** "Officer Diaz", "Pastor Glenn", "la maestra Lety": titled people of the community. */
function communityFigures(a: Analysis, out: PersonReference[]): void {
  for (const h of hitsOf(a, 'community_titles')) {
    const name = a.tokens[h.last + 1];
    const title = a.tokens[h.first];
    if (!name || name.sentence !== h.sentence || name.gapBefore !== ' ' || name.shape !== 'title') continue;
    if (title.shape === 'lower' && !['maestra', 'maestro', 'pastor', 'pastora', 'profe'].includes(title.norm)) continue;
    // "Sheriff's Office", "Police Chief Association": an institution, not a person.
    if (title.possessive || hitStartingAt(a, 'org_words', h.last + 1) || hitStartingAt(a, 'org_words', h.last + 2))
      continue;
    let last = h.last + 1;
    while (
      a.tokens[last + 1]?.sentence === h.sentence &&
      a.tokens[last + 1].shape === 'title' &&
      a.tokens[last + 1].gapBefore === ' ' &&
      !a.tokens[last].possessive
    )
      last++;
    out.push(reference(a, 'community-figure', h.first, last));
  }
}

/** "Keep going, kiddo." "Proud of you, mija!": one reader addressed. */
function endearments(a: Analysis, out: PersonReference[]): void {
  for (const h of hitsOf(a, 'endearments')) {
    const first = a.tokens[h.first];
    const after = a.tokens[h.last + 1];
    const endsClause = !after || after.sentence !== h.sentence || /^[,!?.]/.test(after.gapBefore.trim());
    if (/,/.test(first.gapBefore) && endsClause) out.push(reference(a, 'endearment', h.first, h.last));
  }
}

/** "his nephew", "her little sister" after someone was named: a relative of a known person. */
function relatives(a: Analysis, out: PersonReference[]): void {
  for (const h of hitsOf(a, 'kin_words')) {
    const before = a.tokens[h.first - 1];
    const before2 = a.tokens[h.first - 2];
    const owner =
      before && POSSESSIVE_PRONOUNS.has(before.norm)
        ? h.first - 1
        : before2 && POSSESSIVE_PRONOUNS.has(before2.norm) && before.shape === 'lower'
          ? h.first - 2
          : -1;
    if (owner < 0) continue;
    const named = a.people.some(
      (p) => (p.sentence === h.sentence || p.sentence === h.sentence - 1) && p.firstToken < h.first,
    );
    if (named) out.push(reference(a, 'relative', owner, h.last));
  }
}

/** Every reference to one specific person in the post, found once per post. */
export function findReferences(a: Analysis): PersonReference[] {
  a.structure ??= { care: new Map() };
  if (a.structure.references) return a.structure.references as PersonReference[];
  const out: PersonReference[] = [];
  a.structure.references = out;
  for (const h of hitsOf(a, 'you_know_who')) out.push(reference(a, 'you-know-who', h.first, h.last));
  describedPeople(a, out);
  standingSlots(a, out);
  communityFigures(a, out);
  endearments(a, out);
  relatives(a, out);
  return out;
}
