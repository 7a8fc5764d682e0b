// The story model compiled for the hot path: words get numeric ids once, so scoring a post looks up
// numbers instead of building feature strings. It scores exactly what storyFeatures + scoreStory score
// (test/unit/phi-story-model.spec.ts holds the two to the same decisions on the corpus).
import { Analysis } from '../analysis';
import { Vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';
import { isReply, structuralFeatures, wordsOf } from './features';
import { isPersonFeature, StoryModel, StoryScore } from './model';

export interface CompiledStoryModel {
  wordIds: ReadonlyMap<string, number>;
  /** Weight of each word id (NaN: no weight). */
  unigram: Float64Array;
  bigram: ReadonlyMap<number, number>;
  /** The same for a reply's words ("rw:" and "rb:" features), added to the shared ones. */
  replyUnigram: Float64Array;
  replyBigram: ReadonlyMap<number, number>;
  other: ReadonlyMap<string, number>;
  /** 1 for a word that starts a weighted pair: the pair map is asked only then. */
  startsPair: Uint8Array;
  /** Per word id, the last post that counted it: dedupes without a Set per post. */
  stamp: Int32Array;
  posts: number;
}

// Pair keys stay small integers (V8 hashes those fastest): prev * 2^14 + next, for up to 16,384 words.
const PAIR = 1 << 14;

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
  const startsPair = new Uint8Array(wordIds.size);
  for (const key of bigram.keys()) startsPair[Math.floor(key / PAIR)] = 1;
  for (const key of replyBigram.keys()) startsPair[Math.floor(key / PAIR)] = 1;
  return {
    wordIds,
    unigram,
    bigram,
    replyUnigram,
    replyBigram,
    other,
    startsPair,
    stamp: new Int32Array(wordIds.size),
    posts: 0,
  };
}

interface Top {
  feature: string;
  weight: number;
  span: Span;
}

/** Whether a weight would enter the top three: asked before a feature's name is built, which costs more. */
function entersTop(top: Top[], weight: number): boolean {
  return weight > 0 && (top.length < 3 || weight > top[2].weight);
}

/** Keeps the three heaviest positive features, strongest first. */
function keepTop(top: Top[], feature: string, weight: number, span: Span): void {
  if (top.length === 3 && weight <= top[2].weight) return;
  let at = top.length;
  while (at > 0 && top[at - 1].weight < weight) at--;
  top.splice(at, 0, { feature, weight, span });
  if (top.length > 3) top.pop();
}

export function fastScore(
  a: Analysis,
  vocab: Vocabulary,
  model: CompiledStoryModel,
): StoryScore & { evidence: boolean; person: boolean } {
  const m = model as { posts: number } & CompiledStoryModel;
  m.posts = (m.posts + 1) | 0 || 1;
  const post = m.posts;
  const { wordIds, unigram, bigram, replyUnigram, replyBigram, stamp } = model;
  const reply = isReply(a);
  let z = 0;
  let evidence = false;
  // A sign of one person (not care alone): a patient-like name, a handle, a reference, a rule finding, he/she.
  let person = false;
  const top: Top[] = [];
  let seenPairs: number[] | undefined;
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
    const wid = wordIds.get(w) ?? -1;
    if (wid >= 0) {
      if (stamp[wid] !== post) {
        stamp[wid] = post;
        const weight = unigram[wid];
        if (weight === weight) {
          z += weight;
          if (entersTop(top, weight)) keepTop(top, `w:${w}`, weight, t);
        }
        const replyWeight = reply ? replyUnigram[wid] : NaN;
        if (replyWeight === replyWeight) {
          z += replyWeight;
          if (entersTop(top, replyWeight)) keepTop(top, `rw:${w}`, replyWeight, t);
        }
      }
      if (prevId >= 0 && prevSentence === t.sentence && model.startsPair[prevId] === 1) {
        const key = prevId * PAIR + wid;
        const pairWeight = bigram.get(key);
        const replyPairWeight = reply ? replyBigram.get(key) : undefined;
        if ((pairWeight !== undefined || replyPairWeight !== undefined) && !(seenPairs ??= []).includes(key)) {
          seenPairs.push(key);
          const span = { start: tokens[prevIndex].start, end: t.end };
          if (pairWeight !== undefined) {
            z += pairWeight;
            if (entersTop(top, pairWeight)) keepTop(top, `b:${words[prevIndex]} ${w}`, pairWeight, span);
          }
          if (replyPairWeight !== undefined) {
            z += replyPairWeight;
            if (entersTop(top, replyPairWeight)) keepTop(top, `rb:${words[prevIndex]} ${w}`, replyPairWeight, span);
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
    if (weight > 0 && feature !== 's:bias') keepTop(top, feature, weight, span);
  });
  return { probability: 1 / (1 + Math.exp(-z)), top, evidence, person };
}
