// The story model compiled for the hot path: words get numeric ids once, so scoring a post looks up
// numbers instead of building feature strings. It scores exactly what storyFeatures + scoreStory score
// (test/unit/phi-story-model.spec.ts holds the two to the same decisions on the corpus).
import { Analysis } from '../analysis';
import { Vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';
import { WordFacts } from '../word-facts';
import { isReply, structuralFeatures, wordsOf } from './features';
import { isPersonFeature, StoryModel, StoryScore } from './model';

export interface CompiledStoryModel {
  wordIds: ReadonlyMap<string, number>;
  /** Weight of each word id (NaN: no weight). */
  unigram: Float64Array;
  /** The same for a reply's words ("rw:" features), added to the shared ones. */
  replyUnigram: Float64Array;
  /** Weighted word pairs ("b:" and, for replies, "rb:" features). */
  pairs: PairTable;
  other: ReadonlyMap<string, number>;
  /** Per word id, the last post that counted it: dedupes without a Set per post. */
  stamp: Int32Array;
  posts: number;
}

// Pair keys stay small integers: prev * 2^14 + next, for up to 16,384 words.
const PAIR = 1 << 14;

/**
 * The weighted pairs by their first word, in flat typed arrays: the pairs starting with word id w are
 * [start[w], start[w + 1]) in `next` (sorted), with their weights at the same index. A post asks for a pair
 * at nearly every word; a Map of ~35,000 pairs with boxed weights cost four cache misses per question,
 * a word's short run of pairs one or two.
 */
interface PairTable {
  start: Int32Array;
  next: Int32Array;
  /** Per pair, the last post that counted it (a pair counts once per post). */
  stamp: Int32Array;
  /** NaN: the pair has no weight for posts (it has one for replies). */
  weight: Float64Array;
  /** NaN: the pair has no weight of its own for replies. */
  replyWeight: Float64Array;
}

function pairTable(
  words: number,
  bigram: ReadonlyMap<number, number>,
  replyBigram: ReadonlyMap<number, number>,
): PairTable {
  const keys = [...new Set([...bigram.keys(), ...replyBigram.keys()])].sort((x, y) => x - y);
  const start = new Int32Array(words + 1);
  const next = new Int32Array(keys.length);
  const weight = new Float64Array(keys.length);
  const replyWeight = new Float64Array(keys.length);
  keys.forEach((key, at) => {
    start[Math.floor(key / PAIR) + 1]++;
    next[at] = key % PAIR;
    weight[at] = bigram.get(key) ?? NaN;
    replyWeight[at] = replyBigram.get(key) ?? NaN;
  });
  for (let w = 0; w < words; w++) start[w + 1] += start[w];
  return { start, next, stamp: new Int32Array(keys.length), weight, replyWeight };
}

/** Where the pair (prev, next) is in the table, or -1. */
function pairAt(pairs: PairTable, prev: number, next: number): number {
  let lo = pairs.start[prev];
  let hi = pairs.start[prev + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = pairs.next[mid];
    if (at === next) return mid;
    if (at < next) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The model's id of a token's own word, kept on the word's facts (asked for nearly every token of every post). */
function modelIdOf(facts: WordFacts, model: CompiledStoryModel): number {
  if (facts.storyModel !== model) {
    facts.storyModel = model;
    facts.storyModelId = model.wordIds.get(facts.word) ?? -1;
  }
  return facts.storyModelId;
}

export function compileStoryModel(model: StoryModel): CompiledStoryModel {
  const wordIds = new Map<string, number>();
  const id = (word: string): number => {
    let n = wordIds.get(word);
    if (n === undefined) {
      n = wordIds.size;
      wordIds.set(word, n);
    }
    return n;
  };
  // "w:word" / "b:one two", and for replies "rw:word" / "rb:one two".
  const wordOf = (feature: string): string | undefined =>
    feature.startsWith('w:') ? feature.slice(2) : feature.startsWith('rw:') ? feature.slice(3) : undefined;
  const pairOf = (feature: string): [string, string] | undefined => {
    const from = feature.startsWith('b:') ? 2 : feature.startsWith('rb:') ? 3 : -1;
    if (from < 0) return undefined;
    const space = feature.indexOf(' ', from);
    return [feature.slice(from, space), feature.slice(space + 1)];
  };
  for (const feature of model.weights.keys()) {
    const word = wordOf(feature);
    if (word !== undefined) id(word);
    const pair = pairOf(feature);
    if (pair) pair.forEach(id);
  }
  if (wordIds.size > PAIR) throw new Error(`story model has ${wordIds.size} words; the compiled form holds ${PAIR}`);
  const unigram = new Float64Array(wordIds.size).fill(NaN);
  const replyUnigram = new Float64Array(wordIds.size).fill(NaN);
  const bigram = new Map<number, number>();
  const replyBigram = new Map<number, number>();
  const other = new Map<string, number>();
  for (const [feature, weight] of model.weights) {
    const word = wordOf(feature);
    const pair = pairOf(feature);
    const forReply = feature.startsWith('r');
    if (word !== undefined) (forReply ? replyUnigram : unigram)[id(word)] = weight;
    else if (pair) (forReply ? replyBigram : bigram).set(id(pair[0]) * PAIR + id(pair[1]), weight);
    else other.set(feature, weight);
  }
  return {
    wordIds,
    unigram,
    replyUnigram,
    pairs: pairTable(wordIds.size, bigram, replyBigram),
    other,
    stamp: new Int32Array(wordIds.size),
    posts: 0,
  };
}

/**
 * One of the three heaviest features so far. Its name (`prefix` + `first` [+ " " + `second`]) is built only
 * for the final three: most candidates are pushed out again by heavier ones later in the post.
 */
interface Top {
  weight: number;
  span: Span;
  prefix: string;
  first: string;
  second: string | undefined;
}

/** Whether a weight would enter the top three. */
function entersTop(top: Top[], weight: number): boolean {
  return weight > 0 && (top.length < 3 || weight > top[2].weight);
}

/** Keeps the three heaviest positive features, strongest first (a later one of equal weight after). */
function keepTop(top: Top[], weight: number, span: Span, prefix: string, first: string, second?: string): void {
  if (top.length === 3 && weight <= top[2].weight) return;
  let at = top.length;
  while (at > 0 && top[at - 1].weight < weight) at--;
  const entry = { weight, span, prefix, first, second };
  if (top.length < 3) top.push(entry);
  for (let k = top.length - 1; k > at; k--) top[k] = top[k - 1];
  top[at] = entry;
}

function named(top: readonly Top[]): StoryScore['top'] {
  return top.map((t) => ({
    feature: t.second === undefined ? t.prefix + t.first : `${t.prefix}${t.first} ${t.second}`,
    weight: t.weight,
    span: t.span,
  }));
}

export function fastScore(
  a: Analysis,
  vocab: Vocabulary,
  model: CompiledStoryModel,
): StoryScore & { evidence: boolean; person: boolean } {
  const m = model as { posts: number } & CompiledStoryModel;
  m.posts = (m.posts + 1) | 0 || 1;
  const post = m.posts;
  const { wordIds, unigram, replyUnigram, pairs, stamp } = model;
  const reply = isReply(a);
  let z = 0;
  let evidence = false;
  // A sign of one person (not care alone): a patient-like name, a handle, a reference, a rule finding, he/she.
  let person = false;
  const top: Top[] = [];
  const words = wordsOf(a, vocab);
  const { tokens } = a;
  let prevId = -1;
  let prevSentence = -1;
  let prevIndex = -1;
  for (let i = 0; i < tokens.length; i++) {
    const w = words[i];
    if (w === undefined) continue;
    const t = tokens[i];
    if (w === '<patient>' || w === '<handle>') evidence = person = true; // isPersonFeature(`w:${w}`), without the string
    // Most model words are the token's own word (the same string): its id is kept on the word's facts.
    const wid = w === t.base ? modelIdOf(a.words[i], model) : (wordIds.get(w) ?? -1);
    if (wid >= 0) {
      if (stamp[wid] !== post) {
        stamp[wid] = post;
        const weight = unigram[wid];
        if (weight === weight) {
          z += weight;
          if (entersTop(top, weight)) keepTop(top, weight, t, 'w:', w);
        }
        const replyWeight = reply ? replyUnigram[wid] : NaN;
        if (replyWeight === replyWeight) {
          z += replyWeight;
          if (entersTop(top, replyWeight)) keepTop(top, replyWeight, t, 'rw:', w);
        }
      }
      const pair = prevId >= 0 && prevSentence === t.sentence ? pairAt(pairs, prevId, wid) : -1;
      if (pair >= 0) {
        const pairWeight = pairs.weight[pair];
        const replyPairWeight = reply ? pairs.replyWeight[pair] : NaN;
        // NaN marks "no weight" (NaN !== NaN): a pair weighted for replies only adds nothing to a post.
        if ((pairWeight === pairWeight || replyPairWeight === replyPairWeight) && pairs.stamp[pair] !== post) {
          pairs.stamp[pair] = post;
          const span = { start: tokens[prevIndex].start, end: t.end };
          const prevWord = words[prevIndex] as string;
          if (pairWeight === pairWeight) {
            z += pairWeight;
            if (entersTop(top, pairWeight)) keepTop(top, pairWeight, span, 'b:', prevWord, w);
          }
          if (replyPairWeight === replyPairWeight) {
            z += replyPairWeight;
            if (entersTop(top, replyPairWeight)) keepTop(top, replyPairWeight, span, 'rb:', prevWord, w);
          }
        }
      }
    }
    prevId = wid;
    prevSentence = t.sentence;
    prevIndex = i;
  }
  const others: string[] = [];
  structuralFeatures(a, vocab, (feature, span) => {
    if (isPersonFeature(feature)) evidence = person = true;
    else if (feature.startsWith('s:care:')) evidence = true;
    if (others.includes(feature)) return;
    others.push(feature);
    const weight = model.other.get(feature);
    if (weight === undefined) return;
    z += weight;
    if (weight > 0 && feature !== 's:bias') keepTop(top, weight, span, '', feature);
  });
  return { probability: 1 / (1 + Math.exp(-z)), top: named(top), evidence, person };
}
