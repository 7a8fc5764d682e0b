// The language of each sentence, from its function words: English and Spanish posts (and mixed ones) are common.
import { Analysis } from '../analysis';

export type Language = 'en' | 'es';

// Closed classes (articles, prepositions, pronouns, auxiliaries) tell the language of a short sentence reliably.
const SPANISH = new Set([
  'el',
  'la',
  'los',
  'las',
  'un',
  'una',
  'unos',
  'unas',
  'del',
  'al',
  'de',
  'que',
  'y',
  'en',
  'con',
  'por',
  'para',
  'su',
  'sus',
  'es',
  'son',
  'está',
  'están',
  'muy',
  'más',
  'pero',
  'como',
  'nuestra',
  'nuestro',
  'nuestras',
  'nuestros',
  'usted',
  'ustedes',
  'tu',
  'tus',
  'te',
  'le',
  'les',
  'lo',
  'se',
  'nos',
  'ya',
  'hoy',
  'ayer',
  'también',
  'gracias',
  'felicidades',
  'sin',
  'sobre',
  'hasta',
  'desde',
  'cuando',
  'porque',
  'hay',
  'fue',
  'todo',
  'todos',
  'esta',
  'este',
  'ella',
  'él',
  'ellos',
  'mi',
  'mis',
  'qué',
  'quién',
  'ser',
  'estar',
  'tiene',
  'tienen',
  'aquí',
  'bienvenida',
  'bienvenido',
  'días',
  'año',
  'años',
]);
const ENGLISH = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'to',
  'in',
  'on',
  'with',
  'for',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'it',
  'this',
  'that',
  'our',
  'your',
  'you',
  'we',
  'they',
  'he',
  'she',
  'his',
  'her',
  'their',
  'at',
  'from',
  'by',
  'as',
  'or',
  'but',
  'not',
  'have',
  'has',
  'had',
  'will',
  'can',
  'just',
  'so',
  'all',
  'today',
  'thanks',
  'thank',
  'who',
  'what',
  'when',
  'my',
  'me',
  'us',
  'do',
  'does',
  'did',
  'if',
  'about',
  'up',
  'out',
  'more',
]);

export function isSpanishFunctionWord(word: string): boolean {
  return SPANISH.has(word);
}

export function isEnglishFunctionWord(word: string): boolean {
  return ENGLISH.has(word);
}

/**
 * 'es' when Spanish function words outnumber English ones in the sentence (ties stay English). Computed once
 * per post (the story model and the name detector both ask); callers must not change the array.
 */
export function sentenceLanguages(a: Analysis): readonly Language[] {
  if (a.languages) return a.languages;
  const out: Language[] = [];
  for (const s of a.sentences) {
    let es = 0;
    let en = 0;
    // The word's facts say whether it is a Spanish or English function word (isSpanishFunctionWord...).
    for (let i = s.firstToken; i <= s.lastToken; i++) {
      const facts = a.normWords[i];
      if (facts.spanishFunctionWord) es++;
      if (facts.englishFunctionWord) en++;
    }
    out.push(es > en ? 'es' : 'en');
  }
  a.languages = out;
  return out;
}

/** The language of one sentence, computed for the whole post on first use. */
export function languageOf(a: Analysis, sentence: number): Language {
  return sentenceLanguages(a)[sentence] ?? 'en';
}
