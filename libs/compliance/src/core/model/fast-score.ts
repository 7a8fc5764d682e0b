// The story model compiled for the hot path: words get numeric ids once, so scoring a post looks up
// numbers instead of building feature strings. It scores exactly what storyFeatures + scoreStory score
// (test/unit/phi-story-model.spec.ts holds the two to the same decisions on the corpus).
import { Analysis } from '../analysis';
import { Vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';
import { WordFacts } from '../word-facts';
import { WordTable, WordTableBuilder } from '../word-table';
import { isReply, structuralFeatures, wordsOf } from './features';
import { isPersonFeature, StoryModel, StoryScore } from './model';

export interface CompiledStoryModel {
  /** A word's id is its index here. */
  wordIds: WordTable;
  /** Per word id, WORD_STRIDE numbers: see WORD_WEIGHT... (NaN: no weight). */
  words: Float64Array;
  /** Per weighted word pair ("b:" and, for replies, "rb:" features), PAIR_STRIDE numbers: see PAIR_NEXT... */
  pairs: Float64Array;
  other: ReadonlyMap<string, number>;
  posts: number;
}

// The model is read at random, a few numbers per word of every post, and it is large (~1 MB): what one word
// needs sits together in one flat array, so a word costs one or two cache misses instead of one per array.
// Per word id w, at w * WORD_STRIDE: its weight ("w:"), its weight in a reply ("rw:", added to the shared one),
// the last post that counted it (a word counts once per post), and where its pairs start in `pairs` (they end
// where the next word's start: one more entry closes the last word's pairs).
const WORD_WEIGHT = 0;
const WORD_REPLY_WEIGHT = 1;
const WORD_STAMP = 2;
const WORD_PAIRS = 3;
const WORD_STRIDE = 4;
// Per pair, sorted by first word then by second: the second word's id, the pair's weight ("b:"), its weight in
// a reply ("rb:"), and the last post that counted it. NaN weight: none (a pair may be weighted for replies only).
const PAIR_NEXT = 0;
const PAIR_WEIGHT = 1;
const PAIR_REPLY_WEIGHT = 2;
const PAIR_STAMP = 3;
const PAIR_STRIDE = 4;

interface PairWeights {
  first: number;
  second: number;
  weight: number;
  replyWeight: number;
}

/** The flat arrays from the weights by word id and the weighted pairs. */
function flatten(
  weights: Float64Array,
  replyWeights: Float64Array,
  pairList: PairWeights[],
): Pick<CompiledStoryModel, 'words' | 'pairs'> {
  const count = weights.length;
  pairList.sort((x, y) => x.first - y.first || x.second - y.second);
  const words = new Float64Array((count + 1) * WORD_STRIDE);
  const pairs = new Float64Array(pairList.length * PAIR_STRIDE);
  let at = 0;
  for (let w = 0; w <= count; w++) {
    const base = w * WORD_STRIDE;
    words[base + WORD_WEIGHT] = w < count ? weights[w] : NaN;
    words[base + WORD_REPLY_WEIGHT] = w < count ? replyWeights[w] : NaN;
    words[base + WORD_PAIRS] = at;
    while (at < pairList.length && pairList[at].first === w) {
      const p = pairList[at];
      pairs[at * PAIR_STRIDE + PAIR_NEXT] = p.second;
      pairs[at * PAIR_STRIDE + PAIR_WEIGHT] = p.weight;
      pairs[at * PAIR_STRIDE + PAIR_REPLY_WEIGHT] = p.replyWeight;
      at++;
    }
  }
  return { words, pairs };
}

/** Where the pair (prev, next) is in `pairs` (its first number's index), or -1: a binary search of prev's pairs. */
function pairAt(model: CompiledStoryModel, prev: number, next: number): number {
  const { words, pairs } = model;
  let lo = words[prev * WORD_STRIDE + WORD_PAIRS];
  let hi = words[(prev + 1) * WORD_STRIDE + WORD_PAIRS] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = pairs[mid * PAIR_STRIDE + PAIR_NEXT];
    if (at === next) return mid * PAIR_STRIDE;
    if (at < next) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The model's id of a token's own word, kept on the word's facts (asked for nearly every token of every post). */
function modelIdOf(facts: WordFacts, model: CompiledStoryModel): number {
  if (facts.storyModel !== model) {
    facts.storyModel = model;
    facts.storyModelId = model.wordIds.indexOf(facts.word);
  }
  return facts.storyModelId;
}

export function compileStoryModel(model: StoryModel): CompiledStoryModel {
  const wordIds = new WordTableBuilder();
  const id = (word: string): number => wordIds.add(word);
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
  const weights = new Float64Array(wordIds.size).fill(NaN);
  const replyWeights = new Float64Array(wordIds.size).fill(NaN);
  const pairWeights = new Map<string, PairWeights>();
  const other = new Map<string, number>();
  for (const [feature, weight] of model.weights) {
    const word = wordOf(feature);
    const pair = pairOf(feature);
    const forReply = feature.startsWith('r');
    if (word !== undefined) (forReply ? replyWeights : weights)[id(word)] = weight;
    else if (pair) {
      const first = id(pair[0]);
      const second = id(pair[1]);
      const key = `${first} ${second}`;
      let entry = pairWeights.get(key);
      if (!entry) {
        entry = { first, second, weight: NaN, replyWeight: NaN };
        pairWeights.set(key, entry);
      }
      if (forReply) entry.replyWeight = weight;
      else entry.weight = weight;
    } else other.set(feature, weight);
  }
  return { wordIds: wordIds.build(), ...flatten(weights, replyWeights, [...pairWeights.values()]), other, posts: 0 };
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
  const { wordIds, words: weights, pairs } = model;
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
    const wid = w === t.base ? modelIdOf(a.words[i], model) : wordIds.indexOf(w);
    if (wid >= 0) {
      const at = wid * WORD_STRIDE;
      if (weights[at + WORD_STAMP] !== post) {
        weights[at + WORD_STAMP] = post;
        const weight = weights[at + WORD_WEIGHT];
        if (weight === weight) {
          z += weight;
          if (entersTop(top, weight)) keepTop(top, weight, t, 'w:', w);
        }
        const replyWeight = reply ? weights[at + WORD_REPLY_WEIGHT] : NaN;
        if (replyWeight === replyWeight) {
          z += replyWeight;
          if (entersTop(top, replyWeight)) keepTop(top, replyWeight, t, 'rw:', w);
        }
      }
      const pair = prevId >= 0 && prevSentence === t.sentence ? pairAt(model, prevId, wid) : -1;
      if (pair >= 0) {
        const pairWeight = pairs[pair + PAIR_WEIGHT];
        const replyPairWeight = reply ? pairs[pair + PAIR_REPLY_WEIGHT] : NaN;
        // NaN marks "no weight" (NaN !== NaN): a pair weighted for replies only adds nothing to a post.
        if ((pairWeight === pairWeight || replyPairWeight === replyPairWeight) && pairs[pair + PAIR_STAMP] !== post) {
          pairs[pair + PAIR_STAMP] = post;
          // The pair's span, made only if the pair enters the top three.
          let span: Span | undefined;
          const prevWord = words[prevIndex] as string;
          if (pairWeight === pairWeight) {
            z += pairWeight;
            if (entersTop(top, pairWeight)) {
              span = { start: tokens[prevIndex].start, end: t.end };
              keepTop(top, pairWeight, span, 'b:', prevWord, w);
            }
          }
          if (replyPairWeight === replyPairWeight) {
            z += replyPairWeight;
            if (entersTop(top, replyPairWeight)) {
              span ??= { start: tokens[prevIndex].start, end: t.end };
              keepTop(top, replyPairWeight, span, 'rb:', prevWord, w);
            }
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
