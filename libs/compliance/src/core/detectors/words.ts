// What a single word can be, from the compromise lexicon and the packs: a name, an everyday word, a title...
import { Analysis, WordInfo } from '../analysis';
import { Token } from '../text/tokens';
import { WordSet } from '../word-facts';

export function wordInfo(a: Analysis, t: Token): WordInfo {
  const cached = a.wordInfos[t.index];
  if (cached) return cached;
  const base = a.words[t.index].info;
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
export const FILLERS = new WordSet([
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
export const VOCATIVE_FOLLOWERS = new WordSet([
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
export const OBJECT_PRECEDERS = new WordSet([
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

export const PAST_TENSE_CARE_VERBS = new WordSet([
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
