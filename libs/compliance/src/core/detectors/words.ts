// What a single word can be, from the compromise lexicon and the packs: a name, an everyday word, a title...
import { Analysis, WordInfo } from '../analysis';
import { PhraseListName } from '../rule-pack/compile';
import { Token } from '../text/tokens';

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

type StaticInfo = WordInfo;
const MEMO_LIMIT = 50_000;

// Word facts that depend only on the rule pack and compromise, shared by every post (a word cache, not a post cache).
function staticInfo(a: Analysis, word: string): StaticInfo {
  const memo = a.rules.wordMemo as Map<string, StaticInfo>;
  const known = memo.get(word);
  if (known) return known;
  const cls = a.lexicon.classOf(word);
  const lists = a.rules.phrases.listsOf(word);
  const ambiguous = lists?.has('ambiguous_names') ?? false;
  const nameClass = cls === 'first' || cls === 'last' || cls === 'person' || cls === 'proper';
  let knownInPacks = false;
  if (lists) for (const list of KNOWN_WORD_LISTS) if (lists.has(list)) knownInPacks = true;
  // Street words ("Street", "Blvd", "West") come from the address abbreviations in the identifiers pack.
  const place = cls === 'place' || cls === 'state' || cls === 'country' || a.rules.addressWords.has(word);
  const info: StaticInfo = {
    lists,
    name: nameClass && !ambiguous && !knownInPacks,
    known: (cls !== undefined && !nameClass) || knownInPacks || place,
    ambiguous,
    place,
    plainNoun: !knownInPacks && !ambiguous && a.lexicon.isPlainNoun(word),
  };
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, info);
  return info;
}

export function wordInfo(a: Analysis, t: Token): WordInfo {
  const cached = a.wordInfos[t.index];
  if (cached) return cached;
  const base = staticInfo(a, t.base);
  // The practice's own town is a place too ("Thanks, Boise!").
  const info = a.allow.cities.has(t.base) && !base.place ? { ...base, place: true, known: true } : base;
  a.wordInfos[t.index] = info;
  return info;
}

export function isCapitalised(a: Analysis, t: Token): boolean {
  if (t.shape === 'title') return true;
  return t.shape === 'upper' && (a.sentences[t.sentence]?.shouting ?? false);
}

export function isAlphabetic(t: Token): boolean {
  return t.alpha;
}

/** Words between a cue and a name that don't break the link ("thanks to our little Mateo"). */
export const FILLERS = new Set([
  'to',
  'for',
  'our',
  'my',
  'little',
  'lil',
  'baby',
  'sweet',
  'brave',
  'friend',
  'dear',
  'the',
  'all',
  'you',
  'miss',
  'new',
  'newest',
  'amazing',
  'own',
  'favorite',
  'favourite',
  'wonderful',
  'lead',
  'awesome',
  'fantastic',
  'beloved',
  'very',
  'and',
  'a',
  'huge',
  'big',
  'special',
]);

/** Words that follow a name used to address someone ("Gerald, you're the best"). */
export const VOCATIVE_FOLLOWERS = new Set([
  'you',
  'your',
  "you're",
  "you've",
  'we',
  "we're",
  "we've",
  "we'll",
  'our',
  'please',
  'thanks',
  'thank',
  'i',
  "i'm",
  "it's",
  'it',
  'the',
  'this',
  'sorry',
  'congrats',
  'welcome',
  'hope',
  'glad',
  'so',
  'just',
  'what',
  'how',
  'great',
  'per',
  'dr',
  'as',
  'unfortunately',
  'remember',
  "don't",
  'come',
]);

/** Words before a name that make it the object of care ("we loved seeing Hope"). */
export const OBJECT_PRECEDERS = new Set([
  'for',
  'to',
  'with',
  'meet',
  'meeting',
  'seeing',
  'saw',
  'see',
  'treated',
  'treating',
  'helped',
  'helping',
  'welcomed',
  'welcome',
  'love',
  'loved',
  'miss',
  'congrats',
  'from',
  'by',
  'about',
  'as',
  'thank',
  'thanks',
  'proud',
  'of',
  'fitted',
  'gave',
  'give',
  'wish',
  'wishing',
]);

export const PAST_TENSE_CARE_VERBS = new Set([
  'finished',
  'completed',
  'got',
  'had',
  'came',
  'stopped',
  'started',
  'beat',
  'survived',
  'lost',
  'crushed',
  'rocked',
  'killed',
  'walked',
  'ran',
  'passed',
  'picked',
  'graduated',
  'turned',
  'chose',
  'brought',
  'wore',
  'underwent',
  'recovered',
  'went',
  'left',
  'smashed',
  'nailed',
]);
