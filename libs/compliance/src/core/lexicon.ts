// Word knowledge from the compromise NLP library: which words are first names, surnames, places, months or plain English.
import type Nlp from 'compromise';
import { WordTable, WordTableBuilder } from './word-table';

/**
 * The word classes the name detector needs. compromise tags ~3,000 first names and ~900 surnames
 * (with gender), ~1,000 places and ~20,000 other English words; that lexicon, looked up in a Map,
 * costs nanoseconds where running its full tagger costs ~0.7 ms per sentence (measured on this
 * machine), so the tagger only runs for the rare ambiguous word (see `taggerSaysPerson`).
 */
export type WordClass =
  | 'first'
  | 'last'
  | 'person'
  | 'proper'
  | 'place'
  | 'state'
  | 'country'
  | 'org'
  | 'month'
  | 'weekday'
  | 'honorific'
  | 'word';

export interface Lexicon {
  classOf(word: string): WordClass | undefined;
  /** Multi-word entries ("new hampshire", "san diego"), keyed by the words joined with one space. */
  phraseClassOf(words: string): WordClass | undefined;
  /** The longest multi-word entry, in words. */
  readonly longestPhrase: number;
  /**
   * compromise's guess from the word's ending for a word it doesn't know: true when the ending
   * marks an everyday English word ("-ing", "-ly", "-ous"...), so a capitalised one is not a name.
   */
  endsLikeEnglishWord(word: string): boolean;
  /** compromise knows the word only as a plain noun ("maya", "jasmine", "root"): a name in the right place. */
  isPlainNoun(word: string): boolean;
  /** A verb form or an auxiliary ("couldn't", "threw", "is"): the word before it may be its subject. */
  isVerb(word: string): boolean;
  /** Words that end place names in compromise ("springs", "falls", "heights", "valley"). */
  isPlaceWord(word: string): boolean;
  /**
   * A word for a kind of person ("plumber", "bartender", "harbormaster"): compromise's Actor nouns, or its
   * guess from the ending for a word it doesn't know. An open vocabulary next to the packs' person nouns.
   */
  isActor(word: string): boolean;
}

const VERB_TAGS = new Set(['PastTense', 'PresentTense', 'Modal', 'Copula', 'Auxiliary', 'Participle', 'Verb']);
const WORD_TAGS = new Set([
  'Adverb',
  'Adjective',
  'Gerund',
  'PastTense',
  'PresentTense',
  'Infinitive',
  'Participle',
  'Verb',
  'Plural',
  'Modal',
  'Copula',
  'Expression',
]);

function wordListOf(model: unknown, key: string): Set<string> {
  if (typeof model === 'object' && model !== null && 'two' in model) {
    const two = (model as { two: unknown }).two;
    if (typeof two === 'object' && two !== null && key in two) {
      const list = (two as Record<string, unknown>)[key];
      if (typeof list === 'object' && list !== null) return new Set(Object.keys(list));
    }
  }
  return new Set();
}

function suffixTable(model: unknown): Array<Record<string, string>> {
  if (typeof model === 'object' && model !== null && 'two' in model) {
    const two = (model as { two: unknown }).two;
    if (typeof two === 'object' && two !== null && 'suffixPatterns' in two) {
      const patterns = (two as { suffixPatterns: unknown }).suffixPatterns;
      if (Array.isArray(patterns))
        return patterns.map((p) => (typeof p === 'object' && p !== null ? (p as Record<string, string>) : {}));
    }
  }
  return [];
}

function classify(tags: readonly string[]): WordClass {
  const has = (t: string): boolean => tags.includes(t);
  if (has('FirstName') || has('MaleName') || has('FemaleName')) return 'first';
  if (has('LastName')) return 'last';
  if (has('Person')) return 'person';
  if (has('Region')) return 'state';
  if (has('Country')) return 'country';
  if (has('City') || has('Place')) return 'place';
  if (has('Organization') || has('SportsTeam')) return 'org';
  if (has('Month')) return 'month';
  if (has('WeekDay')) return 'weekday';
  if (has('Honorific')) return 'honorific';
  // A bare ProperNoun ("florence") is usually a name compromise knows no more about.
  if (has('ProperNoun') && tags.length === 1) return 'proper';
  return 'word';
}

function lexiconOf(model: unknown): Record<string, unknown> {
  if (typeof model === 'object' && model !== null && 'one' in model) {
    const one = (model as { one: unknown }).one;
    if (typeof one === 'object' && one !== null && 'lexicon' in one) {
      const lexicon = (one as { lexicon: unknown }).lexicon;
      if (typeof lexicon === 'object' && lexicon !== null) return lexicon as Record<string, unknown>;
    }
  }
  throw new Error('compromise: model().one.lexicon not found; the installed version is not supported');
}

// compromise is loaded with the first lexicon (the first check), in this process. (Reading its word lists in a
// child process and loading it here only for the tagger saved ~7 MB until a check first needs the tagger, which
// a worker's checks do every few hundred posts: a saving that does not last, for a process spawn and a pause.)
let nlp: typeof Nlp | undefined;

function compromise(): typeof Nlp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  nlp ??= require('compromise') as typeof Nlp;
  return nlp;
}

/** compromise's model: its lexicon, suffix patterns and place words are what the lexicon reads. */
export function compromiseModelParts(): unknown {
  return compromise().model();
}

// Per word of the lexicon, a byte: its class (an index in CLASSES) and three bits.
const CLASSES: readonly WordClass[] = [
  'first',
  'last',
  'person',
  'proper',
  'place',
  'state',
  'country',
  'org',
  'month',
  'weekday',
  'honorific',
  'word',
];
const CLASS_MASK = 0x0f;
const PLAIN_NOUN = 0x10;
const VERB = 0x20;
const ACTOR = 0x40;

let cached: Lexicon | undefined;

export function compromiseLexicon(): Lexicon {
  if (cached) return cached;
  const builder = new WordTableBuilder();
  const codes: number[] = [];
  const phrases = new Map<string, WordClass>();
  let longestPhrase = 1;
  const model = compromiseModelParts();
  const suffixes = suffixTable(model);
  const placeWords = wordListOf(model, 'placeWords');
  for (const [key, value] of Object.entries(lexiconOf(model))) {
    const tags = Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : typeof value === 'string'
        ? [value]
        : [];
    const cls = classify(tags);
    if (key.includes(' ')) {
      // Multi-word people are famous names ("bill gates", "maya angelou"): public figures, not patients.
      if (
        cls === 'place' ||
        cls === 'state' ||
        cls === 'country' ||
        cls === 'person' ||
        cls === 'first' ||
        cls === 'last'
      ) {
        phrases.set(key, cls);
        longestPhrase = Math.max(longestPhrase, key.split(' ').length);
      }
    } else {
      let code = CLASSES.indexOf(cls);
      if (cls === 'word' && tags.length > 0 && tags.every((t) => t === 'Noun' || t === 'Singular')) code |= PLAIN_NOUN;
      if (tags.some((t) => VERB_TAGS.has(t))) code |= VERB;
      if (tags.includes('Actor')) code |= ACTOR;
      codes[builder.add(key)] = code;
    }
  }
  const words: WordTable = builder.build();
  const codeOf = Uint8Array.from(codes);
  const has = (word: string, bit: number): boolean => {
    const index = words.indexOf(word);
    return index >= 0 && (codeOf[index] & bit) !== 0;
  };
  cached = {
    classOf: (word) => {
      const index = words.indexOf(word);
      return index >= 0 ? CLASSES[codeOf[index] & CLASS_MASK] : undefined;
    },
    phraseClassOf: (joined) => {
      const cls = phrases.get(joined);
      return cls === 'first' || cls === 'last' ? 'person' : cls;
    },
    longestPhrase,
    isPlainNoun: (word) => has(word, PLAIN_NOUN),
    isVerb: (word) => has(word, VERB) || word.endsWith("n't"),
    isPlaceWord: (word) => placeWords.has(word),
    isActor: (word) => {
      const index = words.indexOf(word);
      if (index >= 0) return (codeOf[index] & ACTOR) !== 0;
      for (let n = Math.min(suffixes.length - 1, word.length - 1); n >= 2; n--) {
        const tag = suffixes[n]?.[word.slice(-n)];
        if (tag) return tag === 'Actor';
      }
      return false;
    },
    endsLikeEnglishWord: (word) => {
      for (let n = Math.min(suffixes.length - 1, word.length - 1); n >= 2; n--) {
        const tag = suffixes[n]?.[word.slice(-n)];
        if (tag) return WORD_TAGS.has(tag);
      }
      return false;
    },
  };
  return cached;
}

let taggerCalls = 0;

/**
 * Runs compromise's tagger on one sentence and asks whether it reads `word` as part of a person's
 * name. Used only to settle words that are both names and everyday words ("Will", "Grace", "May").
 */
export function taggerSaysPerson(sentence: string, word: string): boolean {
  taggerCalls++;
  const people = compromise()(sentence).people().out('array') as unknown;
  if (!Array.isArray(people)) return false;
  const target = word.toLowerCase();
  return people.some(
    (p) =>
      typeof p === 'string' &&
      p
        .toLowerCase()
        .split(/[^\p{L}']+/u)
        .includes(target),
  );
}

/** How many times the tagger ran since start-up (reported by the benchmark). */
export function taggerCallCount(): number {
  return taggerCalls;
}
