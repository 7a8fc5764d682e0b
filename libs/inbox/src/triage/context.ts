// Why a scary word may not be an emergency: negated, told as a past story, a figure of speech, a general
// question, a topic (a "chest pain seminar"), or bait in spam. Each check returns the reason or undefined.
import { Bounds, clauseBefore } from './text';

// The negated words run up to three words on, but not past "and" or "but": "not moving and his lips are purple".
const NEGATION =
  /(?:^|[^a-z'])(?:no|not|never|without|sin|nunca|ni|isn'?t|wasn'?t|aren'?t|doesn'?t|didn'?t|don'?t|hasn'?t|haven'?t|no longer|denies|nor)(?:[^a-z']+(?!(?:and|but|y|pero)(?![a-z']))[a-z']+){0,3}[^a-z']*$/;

/** "no fever", "not bleeding anymore", "sin fiebre": the sign is named to say it is absent. */
export function negated(folded: string, start: number): string | undefined {
  return NEGATION.test(clauseBefore(folded, start)) ? 'said to be absent ("no …", "not …")' : undefined;
}

const MILD =
  /(?:^|[^a-z])(?:a little|a bit|a tiny bit|slight(?:ly)?|mild(?:ly)?|kinda|somewhat|un poco|poquito|un poquito|leve|low)\s+(?:[a-z]+\s+){0,1}$/;

const MILD_AFTER = /^\s*(?:a little|a bit|a tiny bit|slightly|un poco|poquito)(?![a-z])/;

/**
 * "a little short of breath on stairs": the writer says it is mild. `end` is given for weak signs only: "bleeding
 * a little" is mild, "slurring a bit" is not.
 */
export function mild(folded: string, start: number, end?: number): string | undefined {
  return MILD.test(clauseBefore(folded, start)) || (end !== undefined && MILD_AFTER.test(folded.slice(end, end + 20)))
    ? 'described as mild'
    : undefined;
}

const NUMB_SIGN = /^(?:numb|tingl|drool)/;
const DENTAL_NUMBING =
  /(?<![a-z])(?:still numb|numb (?:til|till|until)|numbing|filling|fill|extraction|shot|anesthe\w*|novocaine|root canal|wisdom tooth|wisdom teeth|cleaning|crown|dentist|hygienist|anestesia|empaste|extraccion)(?![a-z])/;

/** "still numb from the filling, drooled my soup": numbness after dental work is expected, not a stroke sign. */
export function expectedNumbness(folded: string, start: number, end: number): string | undefined {
  if (!NUMB_SIGN.test(folded.slice(start, end))) return undefined;
  return DENTAL_NUMBING.test(folded) ? 'numbness expected after dental work' : undefined;
}

const DISTANT_PAST =
  /(?:years? ago|yrs ago|months ago|last (?:year|summer|winter|spring|fall|autumn)|back in|in (?:19|20)\d\d|in the (?:\d0s|'\d0s|nineties|eighties)|from the \d0s|when i was|as a (?:kid|child|teen)|in college|in high school|(?<!at )(?<!all at )once\b(?! a (?:day|week|month|year))|a while back|a few years back|years back|way back|hace (?:\w+ )?(?:anos|meses|un ano)|el ano pasado|cuando era|de nino|de nina)/;
const PRESENT =
  /(?:right now|\bnow\b|currently|today|tonight|this (?:morning|afternoon|evening)|just now|minutes? ago|an hour ago|hours? ago|again|\bstill (?:has|have|is|are|can'?t|bleeding|not)|ahora|ahorita|\bhoy\b|todavia|otra vez|ya van)/;

const CLAUSE_SPLIT = /[,;:]| and | but | y | pero /g;
const RESOLVED =
  /(?:turned out to be|ended up being|was (?:just|only) (?:a |an )?(?:pulled|gas|heartburn|anxiety|panic|muscle)|went away|has gone away|is gone|gone now|resolved|(?:i'?m|i am|feel|feeling|he'?s|she'?s) (?:fine|better|ok|okay) now|all healed|ya (?:se (?:me|le) )?paso)/;

function clauseOf(text: string, at: number): Bounds {
  let start = 0;
  for (const m of text.matchAll(CLAUSE_SPLIT)) {
    if (m.index + m[0].length <= at) start = m.index + m[0].length;
    else if (m.index >= at) return { start, end: m.index };
  }
  return { start, end: text.length };
}

/**
 * "Ten years ago I had a heart attack here": a past emergency told as a story. Past when a distant-past
 * marker comes before the sign (or in its clause) and nothing between that marker and the sign's clause
 * says it is happening now ("last year ... and right now her face is drooping" stays urgent).
 */
export function pastStory(folded: string, sentence: Bounds, start: number): string | undefined {
  const text = folded.slice(sentence.start, sentence.end);
  const at = start - sentence.start;
  const clause = clauseOf(text, at);
  const past = [...text.matchAll(new RegExp(DISTANT_PAST.source, 'g'))].filter((m) => m.index < clause.end);
  if (past.length === 0) return undefined;
  const before = past.filter((m) => m.index < at).map((m) => m.index);
  const from = before.length ? Math.max(...before) : clause.start;
  if (PRESENT.test(text.slice(Math.min(from, clause.start), clause.end))) return undefined;
  return 'a past event told as a story, nothing happening now';
}

// "whenever I run": a pattern the writer asks about, not something happening now (unless the sentence says it is).
const HABITUAL =
  /(?:when|whenever|every time|each time) (?:i|he|she) (?:run|jog|exercise|work out|climb|lift|walk fast|play|swim)/;

/** "I get chest tightness when I run in the cold": a recurring pattern on exertion, not an emergency now. */
export function habitual(folded: string, sentence: Bounds): string | undefined {
  const text = folded.slice(sentence.start, sentence.end);
  return HABITUAL.test(text) && !PRESENT.test(text)
    ? 'a recurring pattern asked about, nothing happening now'
    : undefined;
}

/** "I had chest pain last week but it went away": the writer says it is over. */
export function resolved(folded: string, sentence: Bounds): string | undefined {
  return RESOLVED.test(folded.slice(sentence.start, sentence.end)) ? 'the writer says it has passed' : undefined;
}

const FIGURATIVE: readonly RegExp[] = [
  /dying (?:to|for|over|laughing|of)/,
  /to die for/,
  /could die happy/,
  /swelling with pride/,
  /die (?:of|from) (?:cuteness|laughter|embarrassment|boredom)/,
  /(?:nearly|almost) (?:died|had a (?:heart attack|stroke)|passed out|choked) (?:laughing|from how|when i saw|over|on my|reading)/,
  /(?:giving|gave|give) me (?:a )?(?:heart attack|chest pains?|a stroke|stroke)/,
  /(?:so|too|this|how) (?:cute|funny|adorable|hilarious|precious)/,
  /heart attack (?:over|when i saw|at the (?:price|bill|sight))/,
  /(?:wallet|bank account|budget|bank|credit card|inbox|laptop|phone|car|printer) (?:is |was )?(?:having|had|gonna have|about to have)/,
  /when i (?:saw|read|heard|opened|got) (?:the|your|this|that|those) (?:\w+ )?(?:photos?|pics?|pictures?|price|prices|bill|video|post|cake|puppy|puppies|menu|news)/,
  /overdos\w* on (?:pumpkin|pie|cake|candy|sugar|coffee|caffeine|chocolate|cookies|pizza|turkey|netflix|tv|memes|cuteness|sweets|carbs)/,
  /drowning in (?!(?:the|a) (?:pool|lake|river|water|bathtub|ocean|tub))/,
  /stroke when i saw/,
  /can'?t breathe,? (?:i'?m |from )?laugh/,
  /(?<!(?:chest|heart|head|stomach|belly|tooth|jaw|arm) )(?:is|are|was) killing (?:me|us|our)/,
  /killed me/,
  /my (?:wallet|bank account|account) is bleeding/,
  /bleeding from the wallet/,
  /me muero (?:por|de)/,
  /me mata la/,
  /me esta matando/,
  /ataque de risa/,
  /passed out from how/,
  /choked on my coffee/,
];

/** "dying to get an appointment", "this heat is killing me": a figure of speech around the sign. */
export function figurative(folded: string, sentence: Bounds, start: number, end: number): string | undefined {
  const text = folded.slice(sentence.start, sentence.end);
  for (const pattern of FIGURATIVE) {
    for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
      const from = sentence.start + match.index;
      const to = from + match[0].length;
      if (from <= end + 25 && to >= start - 25) return 'a figure of speech, not a symptom';
    }
  }
  return undefined;
}

const GENERAL_QUESTION =
  /(?:^|\s|¿)(?:what does .{1,40} look like|(?:cuales son )?(?:las )?(?:senales|sintomas) de|como (?:se ve|reconocer|saber si)|what (?:are|is|should)|how (?:do|can|should) (?:you|i|we|one)|how do you (?:know|tell)|when should|signs? of|symptoms? of|warning signs|tell the difference|if (?:someone|somebody|a person|you|your (?:child|kid))|should (?:they|you)|si alguien|que hacer si)/;
const FIRST_PERSON = /(?:^|[^a-z'])(?:i|i'm|im|i've|my|me|we|our|mi|me|tengo|estoy)(?:[^a-z']|$)/;

/** "What are the warning signs of a heart attack?": a general question, with no one in trouble. */
export function generalQuestion(folded: string, sentence: Bounds, start = -1): string | undefined {
  const text = folded.slice(sentence.start, sentence.end);
  // "what should I do if someone near me is having a seizure?": the sign sits in a hypothetical clause.
  for (const m of text.matchAll(/\bif (?:someone|somebody|a person|anyone|your (?:child|kid)|alguien)[^,?]*/g))
    if (start >= sentence.start + m.index && start < sentence.start + m.index + m[0].length)
      return 'a hypothetical ("if someone…"), no one described as unwell';
  if (!GENERAL_QUESTION.test(text)) return undefined;
  if (FIRST_PERSON.test(text.replace(/if (?:you|someone)[^,?]*/, ''))) return undefined;
  return 'a general question about the topic, no one described as unwell';
}

const TOPIC_AFTER =
  /^\s*(?:seminar|class|classes|talk|awareness|month|clinic|unit|training|fundraiser|prevention|walk|post|video|tips|info|information|kit|kits|contact|protocol|response|schedule|webinar|support|team|program|rehab|recovery|vigil|house|center|centre|education|panel|reversal|survivors?|alerts?|rescue class|drills?)/;
const TOPIC_BEFORE = /(?:the|a|our|your|about|on|for)\s+$/;
// "reversed 14 overdoses with naloxone": overdoses counted or prevented by staff are their work, not a patient now.
const COUNTED = /(?:reversed|reverse|prevented|treated|saved|responded to)\s+(?:\d+|dozens of|hundreds of|many)?\s*$/;

/** "the chest pain seminar", "the overdose prevention training": the words name a topic, not a person's state. */
export function topic(folded: string, start: number, end: number): string | undefined {
  if (TOPIC_AFTER.test(folded.slice(end, end + 20))) return 'names a topic (a class, a campaign), not a symptom';
  if (COUNTED.test(folded.slice(Math.max(0, start - 30), start))) return 'names a topic (work counted), not a symptom';
  if (
    /^(?:heart|bleeding)/.test(folded.slice(start, end)) &&
    /^\s*[a-z]*\s*(?:bakery|walk|run|10k|5k)/.test(folded.slice(end))
  )
    return 'names a topic, not a symptom';
  return TOPIC_BEFORE.test(folded.slice(Math.max(0, start - 10), start)) &&
    /training|class|seminar/.test(folded.slice(end, end + 30))
    ? 'names a topic, not a symptom'
    : undefined;
}
