// Everything the detectors share about one post: tokens, sentences, phrase hits, people found, findings so far.
import { PracticeAllowlist } from './allowlist';
import { Lexicon } from './lexicon';
import { CompiledRules, PhraseListName } from './rule-pack/compile';
import { Hit } from './rule-pack/phrases';
import { Language } from './structure/language';
import { Sentence, Span, Token, tokenize } from './text/tokens';
import { CheckOptions, Finding } from './types';
import { WordBook, WordFacts } from './word-facts';

export type PersonRole =
  'patient' | 'staff' | 'professional' | 'org' | 'place' | 'mascot' | 'hypothetical' | 'fictional';

export type PersonSlot =
  | 'patient-marker'
  | 'honorific'
  | 'kinship'
  | 'family'
  | 'salutation'
  | 'vocative'
  | 'possessive'
  | 'subject'
  | 'object'
  | 'attribution'
  | 'none';

export interface PersonMention extends Span {
  text: string;
  firstToken: number;
  lastToken: number;
  sentence: number;
  role: PersonRole;
  slot: PersonSlot;
  /** Strong: a known name or a telling position; weak: capitalised word that might be a name. */
  strong: boolean;
  /** Lower-case name words without titles, for matching mentions to each other and to authorizations. */
  key: string;
  /** Span of the words that say they are a patient ("our patient"), when there are some. */
  marker?: Span;
}

export interface HandleMention extends Span {
  text: string;
  handle: string;
  own: boolean;
}

export interface Analysis {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
  rules: CompiledRules;
  lexicon: Lexicon;
  allow: PracticeAllowlist;
  options: CheckOptions;
  /** By token index, what the word lists say about its base form ("emma" for "Emma's"). */
  words: WordFacts[];
  /** By token index, the same for its lower-case form as written ("emma's"): the base's facts unless they differ. */
  normWords: WordFacts[];
  hits: Map<string, Hit[]>;
  people: PersonMention[];
  handles: HandleMention[];
  /** Spans already claimed by an identifier finding (so a phone is not also a date). */
  claimed: Span[];
  findings: Finding[];
  reviewContext: boolean;
  /** How many digits the post has: number-shaped identifiers are skipped cheaply when there are too few. */
  digits: number;
  /** Per list, the hits by the token they start and end at (built on first use). */
  positions?: Map<string, HitPositions>;
  /** What each word can be, by token index (filled on first use). */
  wordInfos: Array<WordInfo | undefined>;
  /** Care words by sentence (filled on first use). */
  careBySentence: Array<Hit[] | undefined>;
  /** Per list, its hits grouped by sentence (filled on first use), so per-sentence questions stay O(1). */
  hitsBySentence?: Map<string, Hit[][]>;
  /** Patients grouped by sentence, set once people are classified. */
  patientsBySentence?: PersonMention[][];
  /** Care signals by sentence and the references to people, shared by the structural rules and the story model. */
  structure?: { care: Map<number, unknown>; references?: unknown[] };
  /** "rule start end" of every finding, to skip duplicates in O(1). */
  findingKeys?: Set<string>;
  /** The language of each sentence (filled on first use, see sentenceLanguages). */
  languages?: Language[];
}

export interface WordInfo {
  /** Pack lists that contain this word on its own. */
  lists: ReadonlySet<string> | undefined;
  /** compromise says it is a first name, surname or person (and it isn't also an everyday word). */
  name: boolean;
  /** An everyday word, place, month, organisation or a word from the packs' lists. */
  known: boolean;
  /** A first name that is also an everyday word ("Grace", "Will"). */
  ambiguous: boolean;
  place: boolean;
  /** Only a plain noun to compromise and in no pack list ("Maya", "Root"): a name only where a name is expected. */
  plainNoun: boolean;
}

interface HitPositions {
  byFirst: Map<number, Hit>;
  byLast: Map<number, Hit>;
}

/** A reply to a review or comment, under either name of the kind. */
export function isReply(options: CheckOptions): boolean {
  return options.kind === 'reply' || options.kind === 'review_reply';
}

export function analyse(
  text: string,
  masks: Span[],
  handles: HandleMention[],
  rules: CompiledRules,
  lexicon: Lexicon,
  allow: PracticeAllowlist,
  options: CheckOptions,
  book: WordBook,
): Analysis {
  // How many digits the post has: the tokenizer counts them (every digit is inside a word).
  const { tokens, sentences, digits } = tokenize(text, masks);
  // One lookup per token; every detector then reads its word's facts.
  const words: WordFacts[] = new Array<WordFacts>(tokens.length);
  const normWords: WordFacts[] = new Array<WordFacts>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    words[i] = book.of(t.base);
    normWords[i] = t.norm === t.base ? words[i] : book.of(t.norm);
  }
  const hits = new Map<string, Hit[]>();
  for (const hit of rules.phrases.scan(tokens, normWords, words)) {
    const list = hits.get(hit.list);
    if (list) list.push(hit);
    else hits.set(hit.list, [hit]);
  }
  // Quoting the record ("we checked our records") only happens when answering someone.
  const reviewContext =
    isReply(options) || (hits.get('review_cues')?.length ?? 0) > 0 || (hits.get('records_cues')?.length ?? 0) > 0;
  return {
    text,
    tokens,
    sentences,
    rules,
    lexicon,
    allow,
    options,
    words,
    normWords,
    hits,
    people: [],
    handles,
    claimed: masks.length > 0 ? [...masks] : [],
    findings: [],
    reviewContext,
    digits,
    wordInfos: [],
    careBySentence: [],
    // The fields filled on first use are set here, so every analysis has the same hidden class: added later in
    // varying order, they gave each post its own shape and made every `a.` read in the detectors megamorphic.
    positions: undefined,
    hitsBySentence: undefined,
    patientsBySentence: undefined,
    structure: undefined,
    findingKeys: undefined,
    languages: undefined,
  };
}

const NO_HITS: readonly Hit[] = [];
// Most lists have a hit or two per post: a scan beats building an index; long posts get the index.
const SCAN_LIMIT = 8;

export function hitsOf(a: Analysis, list: PhraseListName): readonly Hit[] {
  return a.hits.get(list) ?? NO_HITS;
}

const NO_SENTENCE_HITS: Hit[] = [];

export function hitsIn(a: Analysis, list: PhraseListName, sentence: number): Hit[] {
  const all = hitsOf(a, list);
  if (all.length === 0) return NO_SENTENCE_HITS;
  // A handful of hits: filtering is cheaper than grouping; long posts get the grouped index.
  if (all.length <= SCAN_LIMIT) {
    let out: Hit[] | undefined;
    for (const h of all) if (h.sentence === sentence) (out ??= []).push(h);
    return out ?? NO_SENTENCE_HITS;
  }
  a.hitsBySentence ??= new Map();
  let grouped = a.hitsBySentence.get(list);
  if (!grouped) {
    grouped = [];
    for (const h of hitsOf(a, list)) (grouped[h.sentence] ??= []).push(h);
    a.hitsBySentence.set(list, grouped);
  }
  return (sentence >= 0 ? grouped[sentence] : undefined) ?? NO_SENTENCE_HITS;
}

export function hasHitIn(a: Analysis, list: PhraseListName, sentence: number): boolean {
  const all = hitsOf(a, list);
  if (all.length <= SCAN_LIMIT) {
    for (const h of all) if (h.sentence === sentence) return true;
    return false;
  }
  return hitsIn(a, list, sentence).length > 0;
}

/** A hit of `list` that covers token i. */
export function hitAt(a: Analysis, list: PhraseListName, i: number): Hit | undefined {
  return hitsOf(a, list).find((h) => h.first <= i && i <= h.last);
}

function positionsOf(a: Analysis, list: PhraseListName): HitPositions {
  a.positions ??= new Map();
  let p = a.positions.get(list);
  if (!p) {
    p = { byFirst: new Map(), byLast: new Map() };
    for (const h of hitsOf(a, list)) {
      const longer = p.byFirst.get(h.first);
      if (!longer || h.last > longer.last) p.byFirst.set(h.first, h);
      const earlier = p.byLast.get(h.last);
      if (!earlier || h.first < earlier.first) p.byLast.set(h.last, h);
    }
    a.positions.set(list, p);
  }
  return p;
}

/** The longest hit of `list` that starts exactly at token i. */
export function hitStartingAt(a: Analysis, list: PhraseListName, i: number): Hit | undefined {
  if (i < 0) return undefined;
  const hits = hitsOf(a, list);
  if (hits.length > SCAN_LIMIT) return positionsOf(a, list).byFirst.get(i);
  let best: Hit | undefined;
  for (const h of hits) if (h.first === i && (!best || h.last > best.last)) best = h;
  return best;
}

/** The longest hit of `list` that ends exactly at token i. */
export function hitEndingAt(a: Analysis, list: PhraseListName, i: number): Hit | undefined {
  if (i < 0) return undefined;
  const hits = hitsOf(a, list);
  if (hits.length > SCAN_LIMIT) return positionsOf(a, list).byLast.get(i);
  let best: Hit | undefined;
  for (const h of hits) if (h.last === i && (!best || h.first < best.first)) best = h;
  return best;
}

export function isClaimed(a: Analysis, start: number, end: number): boolean {
  return a.claimed.some((s) => start < s.end && end > s.start);
}

const CARE_LISTS: readonly PhraseListName[] = ['care_terms', 'visit_terms', 'billing_terms', 'body_parts'];

/**
 * Treatment, visit, billing and body words in a sentence, in text order. Touching words are joined
 * into one span ("Invisalign treatment", "deep cleaning") so a finding highlights the whole phrase.
 */
export function careHitsIn(a: Analysis, sentence: number): Hit[] {
  const cached = a.careBySentence[sentence];
  if (cached) return cached;
  const merged = mergeCareHits(a, sentence);
  if (sentence >= 0) a.careBySentence[sentence] = merged;
  return merged;
}

function mergeCareHits(a: Analysis, sentence: number): Hit[] {
  const found: Hit[] = [];
  for (const list of CARE_LISTS) for (const h of hitsIn(a, list, sentence)) found.push(h);
  if (found.length < 2) return found;
  found.sort((x, y) => x.first - y.first || y.last - x.last);
  const out: Hit[] = [];
  for (const h of found) {
    const prev = out[out.length - 1];
    const touching =
      prev !== undefined && h.first <= prev.last + 1 && (h.first <= prev.last || a.tokens[h.first].gapBefore === ' ');
    if (!touching) out.push(h);
    else if (h.last > prev.last)
      out[out.length - 1] = {
        ...prev,
        last: h.last,
        end: h.end,
        list: prev.list === 'body_parts' ? h.list : prev.list,
      };
  }
  return out;
}

const THIRD_PERSON = new Set([
  'he',
  'she',
  'him',
  'her',
  'his',
  'hers',
  "he's",
  "she's",
  'they',
  'their',
  'them',
  "they're",
]);
const SECOND_PERSON = new Set(['you', 'your', "you're", "you've", 'yours', "you'll", "you'd", 'ya', 'u', 'ur']);

export function isThirdPerson(t: Token): boolean {
  return THIRD_PERSON.has(t.norm);
}

export function isSecondPerson(t: Token): boolean {
  return SECOND_PERSON.has(t.norm);
}

export function sentenceTokens(a: Analysis, sentence: number): Token[] {
  const s = a.sentences[sentence];
  return s ? a.tokens.slice(s.firstToken, s.lastToken + 1) : [];
}

export function sentenceHas(a: Analysis, sentence: number, test: (t: Token) => boolean): boolean {
  const s = a.sentences[sentence];
  if (!s) return false;
  for (let i = s.firstToken; i <= s.lastToken; i++) if (!a.tokens[i].masked && test(a.tokens[i])) return true;
  return false;
}

const NO_PEOPLE: PersonMention[] = [];

export function patientsIn(a: Analysis, sentence: number): PersonMention[] {
  if (!a.patientsBySentence) {
    // People are final once classified; before that (during name detection) answer directly.
    return a.people.filter((p) => p.role === 'patient' && p.sentence === sentence);
  }
  return (sentence >= 0 ? a.patientsBySentence[sentence] : undefined) ?? NO_PEOPLE;
}

/** Called once people are classified: from then on patientsIn() is an index lookup. */
export function indexPatients(a: Analysis): void {
  const grouped: PersonMention[][] = [];
  for (const p of a.people) if (p.role === 'patient') (grouped[p.sentence] ??= []).push(p);
  a.patientsBySentence = grouped;
}

/** Sentences holding a finding that passes `test`: one pass over the findings, then O(1) questions. */
export function sentencesWithFindings(a: Analysis, test: (f: Finding) => boolean): Set<number> {
  const out = new Set<number>();
  for (const f of a.findings) if (test(f)) out.add(sentenceOf(a, f.start));
  return out;
}

/** The sentence that contains (or precedes) a text offset, by binary search. */
export function sentenceOf(a: Analysis, offset: number): number {
  const { sentences } = a;
  let lo = 0;
  let hi = sentences.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offset < sentences[mid].end + 1) hi = mid;
    else lo = mid + 1;
  }
  return sentences[lo].index;
}

/**
 * Patients the post establishes as patients: named in a telling position or next to care. A bare
 * full name ("Join Sarah Johnson on Tuesday") doesn't make a nearby phone number or date personal.
 */
export function establishedPatientsIn(a: Analysis, sentence: number): PersonMention[] {
  const care = careHitsIn(a, sentence).length > 0;
  return patientsIn(a, sentence).filter((p) => p.slot !== 'none' || care);
}

/**
 * The token at i, or undefined before the first and after the last. Reading a.tokens[-1] directly is a
 * property lookup ("-1"), not an element read: it turns that read into a slow megamorphic one for every post.
 */
export function tokenAt(a: Analysis, i: number): Token | undefined {
  return i >= 0 ? a.tokens[i] : undefined;
}

export function spanOf(a: Analysis, first: number, last: number): Span {
  return { start: a.tokens[first].start, end: a.tokens[last].end };
}
