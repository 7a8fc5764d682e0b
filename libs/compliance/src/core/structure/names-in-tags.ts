// Names hidden in hashtags (#TeamLiam, #JohnsRecovery), story links (/stories/maria-lopez-knee) and photo file names (IMG_jake_braces_off.jpg).
import { matchesOf } from '../text/matches';
import { Analysis } from '../analysis';
import { Span } from '../text/tokens';
import { Vocabulary } from './vocabulary';

export interface TaggedName extends Span {
  text: string;
  /** The name words found inside. */
  names: string[];
  /** Two name words, or a name beside a care or cheer word: one person for sure. */
  strong: boolean;
  /** The text of a link or file name that tells a story (stories, journey, recovery...). */
  story: boolean;
}

const HASHTAG = /#([\p{L}\p{N}_]{3,60})/gu;
const FILE_NAME = /\b[\p{L}\p{N}_-]{3,80}\.(?:jpe?g|png|heic|gif|webp|mp4|mov)\b/giu;
const MEDIA_EXTENSION = /\.(?:jpe?g|png|heic|gif|webp|mp4|mov)\b/i;
const PATH = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(\/[^\s)\]]+)/giu;

// Words that turn a name into a cheer or a story about that person.
const CHEER = new Set([
  'team',
  'strong',
  'fuerza',
  'recovery',
  'journey',
  'miracle',
  'baby',
  'warrior',
  'story',
  'fight',
  'army',
  'nation',
  'squad',
  'is',
  'here',
  'arrived',
  'comeback',
  'life',
  'strength',
  'proud',
  'love',
  'for',
  'pray',
  'prayers',
  'healing',
  'heals',
  'road',
  'rehab',
  'sober',
  'clean',
  'days',
  'surgery',
  'grad',
  'graduation',
  'stories',
  'historia',
  'historias',
  'voices',
  'braces',
  'off',
  'knee',
  'hip',
  'iop',
  'mat',
  'vbac',
  'birth',
  'nicu',
  'ivf',
  'transfer',
  'recuperacion',
  'recuperación',
  'tratamiento',
  'cirugia',
  'cirugía',
]);

function splitWords(raw: string): string[] {
  return raw
    .replace(/([\p{Ll}])([\p{Lu}])/gu, '$1 $2')
    .replace(/([\p{L}])(\d)|(\d)([\p{L}])/gu, '$1$3 $2$4')
    .split(/[\s_\-./]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

export interface NameTest {
  vocab: Vocabulary;
  /** An everyday English word (compromise knows it as a word): "bright", "team". */
  ordinary(word: string): boolean;
  /** The practice's own name words and its staff's names. */
  own(word: string): boolean;
  /** A first name compromise knows ("devon", also a medical word). */
  firstName(word: string): boolean;
  /** A word of the care lexicon ("surgery", "chemo"): inside a tag with a name, that person's care. */
  careWord(word: string): boolean;
}

// Words in the names list that name a people, not a person.
const NOT_PERSONS = new Set([
  'latina',
  'latino',
  'latinx',
  'latine',
  'hispanic',
  'boricua',
  'chicano',
  'chicana',
  'native',
  'black',
  'indigenous',
  'mujer',
  'familia',
  'salud',
  'vida',
  'blog',
  'news',
  'faq',
  'health',
  'care',
  'clinic',
  'dental',
  'medical',
]);

function namesIn(words: readonly string[], test: NameTest, care: boolean): string[] {
  const out: string[] = [];
  for (const [i, w] of words.entries()) {
    if (w.length < 3 || /\d/.test(w)) continue;
    // A tag that opens with a first name and tells of care is about that person, even when the name is also an
    // everyday word: #MilesGetsTopSurgery, #GraceBeatsCancer (not #MilesForSmiles: no care in it).
    if (care && i === 0 && test.firstName(w) && !test.own(w) && !CHEER.has(w) && !NOT_PERSONS.has(w)) {
      out.push(w);
      continue;
    }
    // "Johns" in #JohnsRecovery: a possessive without its apostrophe.
    const candidates = w.endsWith('s') && w.length > 4 ? [w, w.slice(0, -1)] : [w];
    for (const c of candidates) {
      if (
        test.vocab.names.has(c) &&
        !test.ordinary(c) &&
        !test.own(c) &&
        !CHEER.has(c) &&
        !NOT_PERSONS.has(c) &&
        (!test.vocab.medical.has(c) || test.firstName(c))
      ) {
        out.push(c);
        break;
      }
    }
  }
  return out;
}

function tagged(text: string, start: number, words: string[], test: NameTest, story: boolean): TaggedName | undefined {
  const care = words.some((w) => test.careWord(w));
  const names = namesIn(words, test, care);
  if (names.length === 0) return undefined;
  const cheer = care || words.some((w) => CHEER.has(w));
  return { start, end: start + text.length, text, names, strong: names.length >= 2 || cheer, story: story || cheer };
}

export function findNamesInTags(a: Analysis, test: NameTest): TaggedName[] {
  const out: TaggedName[] = [];
  const { text } = a;
  if (text.includes('#')) {
    for (const m of matchesOf(HASHTAG, text)) {
      const found = tagged(m[0], m.index, splitWords(m[1]), test, false);
      if (found) out.push(found);
    }
  }
  // Cheap tests first: most posts have a period but no file name and no link path.
  if (MEDIA_EXTENSION.test(text)) {
    for (const m of matchesOf(FILE_NAME, text)) {
      const found = tagged(
        m[0],
        m.index,
        splitWords(m[0].replace(/\.[a-z0-9]+$/i, '')).filter((w) => w !== 'img' && w !== 'dsc' && w !== 'photo'),
        test,
        true,
      );
      if (found) out.push({ ...found, strong: true });
    }
  }
  if (text.includes('/')) {
    for (const m of matchesOf(PATH, text)) {
      const path = m[1];
      const words = splitWords(path);
      const found = tagged(path, m.index + m[0].length - path.length, words, test, false);
      if (found) out.push(found);
    }
  }
  return out;
}
