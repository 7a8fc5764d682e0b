// The story model compiled for the hot path: words get numeric ids once, so scoring a post looks up
// numbers instead of building feature strings. It scores exactly what storyFeatures + scoreStory score
// (test/unit/phi-story-model.spec.ts holds the two to the same decisions on the corpus).
import { Analysis } from '../analysis';
import { Vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';
import { structuralFeatures, wordsOf } from './features';
import { StoryModel, StoryScore } from './model';

export interface CompiledStoryModel {
  wordIds: ReadonlyMap<string, number>;
  /** Weight of each word id (NaN: no weight). */
  unigram: Float64Array;
  bigram: ReadonlyMap<number, number>;
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
  for (const feature of model.weights.keys()) {
    if (feature.startsWith('w:')) id(feature.slice(2));
    else if (feature.startsWith('b:')) {
      const space = feature.indexOf(' ', 2);
      id(feature.slice(2, space));
      id(feature.slice(space + 1));
    }
  }
  if (wordIds.size > PAIR) throw new Error(`story model has ${wordIds.size} words; the compiled form holds ${PAIR}`);
  const unigram = new Float64Array(wordIds.size).fill(NaN);
  const bigram = new Map<number, number>();
  const other = new Map<string, number>();
  for (const [feature, weight] of model.weights) {
    if (feature.startsWith('w:')) unigram[id(feature.slice(2))] = weight;
    else if (feature.startsWith('b:')) {
      const space = feature.indexOf(' ', 2);
      bigram.set(id(feature.slice(2, space)) * PAIR + id(feature.slice(space + 1)), weight);
    } else other.set(feature, weight);
  }
  const startsPair = new Uint8Array(wordIds.size);
  for (const key of bigram.keys()) startsPair[Math.floor(key / PAIR)] = 1;
  return { wordIds, unigram, bigram, other, startsPair, stamp: new Int32Array(wordIds.size), posts: 0 };
}

interface Top {
  feature: string;
  weight: number;
  span: Span;
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
): StoryScore & { evidence: boolean } {
  const m = model as { posts: number } & CompiledStoryModel;
  m.posts = (m.posts + 1) | 0 || 1;
  const post = m.posts;
  const { wordIds, unigram, bigram, stamp } = model;
  let z = 0;
  let evidence = false;
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
    if (w === '<patient>' || w === '<handle>') evidence = true;
    const wid = wordIds.get(w) ?? -1;
    if (wid >= 0) {
      const weight = unigram[wid];
      if (weight === weight && stamp[wid] !== post) {
        stamp[wid] = post;
        z += weight;
        if (weight > 0) keepTop(top, `w:${w}`, weight, t);
      }
      if (prevId >= 0 && prevSentence === t.sentence && model.startsPair[prevId] === 1) {
        const key = prevId * PAIR + wid;
        const pairWeight = bigram.get(key);
        if (pairWeight !== undefined && !(seenPairs ??= []).includes(key)) {
          seenPairs.push(key);
          z += pairWeight;
          if (pairWeight > 0)
            keepTop(top, `b:${words[prevIndex]} ${w}`, pairWeight, { start: tokens[prevIndex].start, end: t.end });
        }
      }
    }
    prevId = wid;
    prevSentence = t.sentence;
    prevIndex = i;
  }
  const others: string[] = [];
  structuralFeatures(a, vocab, (feature, span) => {
    if (
      feature.startsWith('s:care:') ||
      feature.startsWith('s:ref:') ||
      feature.startsWith('s:rule:') ||
      feature === 's:person'
    )
      evidence = true;
    if (others.includes(feature)) return;
    others.push(feature);
    const weight = model.other.get(feature);
    if (weight === undefined) return;
    z += weight;
    if (weight > 0 && feature !== 's:bias') keepTop(top, feature, weight, span);
  });
  return { probability: 1 / (1 + Math.exp(-z)), top, evidence };
}
