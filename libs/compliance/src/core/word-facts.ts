// What every word list says about one lower-case word, gathered once per distinct word and shared by every
// detector. A post's tokens each point at their word's facts (Analysis.words), so a detector reads a field
// instead of hashing the word into one more large table: those lookups (the lexicon, the packs' lists, the
// phrase index) cost a cache miss or two each, several per word, and were a large part of a check.
import { Analysis, WordInfo } from './analysis';
import { Lexicon, WordClass } from './lexicon';
import { CompiledRules, PhraseListName } from './rule-pack/compile';
import { PhraseNode } from './rule-pack/phrases';
import { isEnglishFunctionWord, isSpanishFunctionWord } from './structure/language';
import { Vocabulary } from './structure/vocabulary';

/** Pack lists whose single words are known not to be names on their own. */
const KNOWN_WORD_LISTS: readonly PhraseListName[] = [
  'not_names',
  'care_terms',
  'visit_terms',
  'billing_terms',
  'staff_roles',
  'org_words',
  'mascot_words',
  'salutations',
  'generic_markers',
  'time_markers',
  'family_suffixes',
  'kinship_titles',
  'professional_titles',
  'patient_honorifics',
  'credentials',
  'patient_markers',
  'care_verbs',
];

export class WordFacts {
  /** compromise's class of the word (lexicon.classOf). */
  readonly cls: WordClass | undefined;
  /** Pack lists that contain the word on its own (phrases.listsOf). */
  readonly lists: ReadonlySet<string> | undefined;
  readonly verb: boolean;
  readonly actor: boolean;
  readonly endsLikeEnglishWord: boolean;
  /** A street word of the identifiers pack ("st", "blvd", "west"). */
  readonly addressWord: boolean;
  /** Where phrases that start with this word continue in the phrase index. */
  readonly phraseStart: PhraseNode | undefined;
  /** Tells the language of a sentence (see sentenceLanguages). */
  readonly spanishFunctionWord: boolean;
  readonly englishFunctionWord: boolean;
  /** The first character is an ASCII digit ("3rd", "2024"). */
  readonly startsWithDigit: boolean;
  /** What the word can be as a name, before the practice's own towns are added (see wordInfo). */
  readonly info: WordInfo;
  /** The story model's id for the word, for the compiled model in `storyModel` (filled by fast-score). */
  storyModelId = -1;
  storyModel: object | undefined = undefined;
  // A medical term that is not everyday English, in the dictionaries `specialisedVocab` (see specialisedIn).
  private specialised = false;
  private specialisedVocab: Vocabulary | undefined = undefined;
  /** Bits of the WordSets that hold the word, for the first `setsKnown` sets made (see WordSet). */
  readonly sets: number;
  readonly setsKnown: number;
  // `prefix + word` for the last prefix asked (see prefixed).
  private prefix: string | undefined = undefined;
  private withPrefix = '';

  constructor(
    readonly word: string,
    rules: CompiledRules,
    lexicon: Lexicon,
  ) {
    const cls = lexicon.classOf(word);
    const lists = rules.phrases.listsOf(word);
    this.cls = cls;
    this.lists = lists;
    this.verb = lexicon.isVerb(word);
    this.actor = lexicon.isActor(word);
    this.endsLikeEnglishWord = lexicon.endsLikeEnglishWord(word);
    this.addressWord = rules.addressWords.has(word);
    this.phraseStart = rules.phrases.startOf(word);
    this.spanishFunctionWord = isSpanishFunctionWord(word);
    this.englishFunctionWord = isEnglishFunctionWord(word);
    let sets = 0;
    for (const set of wordSets) if (set.has(word)) sets |= set.bit;
    this.sets = sets;
    this.setsKnown = wordSets.length;
    const first = word.charCodeAt(0);
    this.startsWithDigit = first >= 48 && first <= 57;
    const ambiguous = lists?.has('ambiguous_names') ?? false;
    const nameClass = cls === 'first' || cls === 'last' || cls === 'person' || cls === 'proper';
    let knownInPacks = false;
    if (lists) for (const list of KNOWN_WORD_LISTS) if (lists.has(list)) knownInPacks = true;
    // Street words ("Street", "Blvd", "West") come from the address abbreviations in the identifiers pack.
    const place = cls === 'place' || cls === 'state' || cls === 'country' || this.addressWord;
    this.info = {
      lists,
      name: nameClass && !ambiguous && !knownInPacks,
      known: (cls !== undefined && !nameClass) || knownInPacks || place,
      ambiguous,
      place,
      plainNoun: !knownInPacks && !ambiguous && lexicon.isPlainNoun(word),
    };
  }

  /** `vocab.specialised.has(word)`, asked of the dictionaries' large set once per word. */
  specialisedIn(vocab: Vocabulary): boolean {
    if (this.specialisedVocab !== vocab) {
      this.specialisedVocab = vocab;
      this.specialised = vocab.specialised.has(this.word);
    }
    return this.specialised;
  }

  /** `prefix + word`, the same string each time (built and hashed once, not per post). */
  prefixed(prefix: string): string {
    if (this.prefix !== prefix) {
      this.prefix = prefix;
      this.withPrefix = prefix + this.word;
    }
    return this.withPrefix;
  }

  /** Is the word, on its own, in this pack list? (phrases.hasWord) */
  inList(list: PhraseListName): boolean {
    return this.lists !== undefined && this.lists.has(list);
  }
}

const wordSets: WordSet[] = [];
// One bit per set in WordFacts.sets; sets made after that many are asked directly.
const SET_BITS = 30;

/**
 * A fixed set of lower-case words the detectors test tokens against ("our", "the", the weekdays...). Each set
 * made at start-up has a bit in every word's facts, so testing a token is a bit test instead of hashing its
 * word into another Set (over a hundred such lookups per post).
 */
export class WordSet {
  private readonly words: ReadonlySet<string>;
  private readonly index: number;
  readonly bit: number;

  constructor(words: Iterable<string>) {
    this.words = new Set(words);
    this.index = wordSets.length;
    this.bit = this.index < SET_BITS ? 1 << this.index : 0;
    wordSets.push(this);
  }

  /** Is this word in the set? */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /** `has(t.norm)`, read from the token's facts. */
  hasWordOf(a: Analysis, t: { readonly index: number }): boolean {
    return this.holds(a.normWords[t.index]);
  }

  /** `has(t.base)`, read from the token's facts. */
  hasBaseOf(a: Analysis, t: { readonly index: number }): boolean {
    return this.holds(a.words[t.index]);
  }

  private holds(facts: WordFacts): boolean {
    if (this.bit !== 0 && this.index < facts.setsKnown) return (facts.sets & this.bit) !== 0;
    return this.words.has(facts.word);
  }
}

// Distinct words kept: words repeat across posts, and the bound keeps a long-running server's memory flat
// (cleared, not evicted, when full; a post's tokens keep the facts they already point at).
const BOOK_LIMIT = 50_000;

/** The facts of every word seen so far, for one checker (its rule pack; the lexicon is global). */
export class WordBook {
  private readonly facts = new Map<string, WordFacts>();

  constructor(
    private readonly rules: CompiledRules,
    private readonly lexicon: Lexicon,
  ) {}

  of(word: string): WordFacts {
    let facts = this.facts.get(word);
    if (facts === undefined) {
      facts = new WordFacts(word, this.rules, this.lexicon);
      if (this.facts.size >= BOOK_LIMIT) this.facts.clear();
      this.facts.set(word, facts);
    }
    return facts;
  }
}
