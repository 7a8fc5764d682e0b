// Triage on the cases the issue names: emergencies said plainly and sideways, and the hard negatives. These test
// the rules alone (the model's own tests are in model/model.spec.ts; it is refitted by inbox:train).
import { TriageProfile } from './types';
import { triage as triageWithModel } from './triage';

const triage = (text: string, profile: TriageProfile = {}) => triageWithModel(text, profile, { model: null });
const labels = (text: string) => triage(text).labels;

describe('triage: urgent', () => {
  it.each([
    ["my face is swelling and it's hard to swallow since the extraction", 'urgent.airway'],
    ['having crushing chest pain right now', 'urgent.chest'],
    ["my dad's face is drooping and his speech is slurred", 'urgent.stroke'],
    ["the socket won't stop bleeding, gauze soaked through", 'urgent.bleeding'],
    ['my 2 year old swallowed a button battery', 'urgent.overdose'],
    ["I don't see the point anymore", 'urgent.self-harm'],
    ['everyone would be better off without me', 'urgent.self-harm'],
    ['Tengo un dolor muy fuerte en el pecho y me falta el aire', 'urgent.chest'],
    ['Ya no le veo sentido a nada', 'urgent.self-harm'],
  ])('%s -> urgent (%s)', (text, rule) => {
    const result = triage(text);
    expect(result.labels[0]).toBe('urgent');
    expect(result.findings.some((f) => f.rule === rule)).toBe(true);
  });

  it('needs two weak signs: swelling alone is not an emergency, swelling with fever after a procedure is', () => {
    expect(labels('my cheek is a bit swollen after the filling')).not.toContain('urgent');
    expect(labels('my cheek is swollen and I have a fever since the extraction')).toContain('urgent');
  });

  it('gives spans into the text as written, accents and all', () => {
    const text = 'Mi bebé no respira bien, está morado';
    const finding = triage(text).findings.find((f) => f.rule === 'urgent.breathing');
    expect(finding).toBeDefined();
    expect(text.slice(finding!.start, finding!.end)).toBe(finding!.text);
    expect(finding!.reason).toMatch(/911/);
  });
});

describe('triage: hard negatives', () => {
  it.each([
    ['a little sore after my filling, is that normal?', undefined],
    ['a little short of breath on the stairs since covid', 'described as mild'],
    ['dying to get an appointment, your booking is full!', undefined],
    ['the price of eggs is giving me chest pains 😂', 'figure of speech'],
    ['Ten years ago I had a heart attack in your parking lot and your nurses saved my life.', 'past event'],
    ['What are the signs of chest pain that means a heart attack?', 'general question'],
    ['No fever, no swelling, just tender. Not bleeding anymore.', 'absent'],
    ['this heat wave is killing me lol', undefined],
  ])('%s -> not urgent', (text, reason) => {
    const result = triage(text);
    expect(result.labels).not.toContain('urgent');
    if (reason) expect(result.discounted.some((d) => d.reason.includes(reason))).toBe(true);
  });

  it('spam shouting URGENT is spam, never urgent', () => {
    const result = triage('URGENT!!! Your page will be disabled. Verify now: meta-help-center.co/appeal');
    expect(result.labels).toEqual(['spam']);
    expect(result.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['spam.phishing', 'spam.link']));
  });

  it("a lowercase 'urgent question' from a person is not spam", () => {
    expect(labels('urgent question: do you validate parking?')).toEqual(['general']);
  });

  it("the practice's own website is not a spam link", () => {
    const text = 'Book at brightsmile.example.com, we have openings! Message me if the link fails';
    expect(triage(text, { website: 'https://brightsmile.example.com' }).labels).not.toContain('spam');
  });
});

describe('triage: the other labels', () => {
  it("a relative's condition is self_phi", () => {
    expect(labels('My son has asthma and your handout helps')).toContain('self_phi');
  });
  it('a symptom question is a medical question, an office question is general', () => {
    expect(labels('My tooth is a bit sensitive since the filling. Normal?')).toEqual(['self_phi', 'medical_question']);
    expect(labels('Do you take Delta Dental?')).toEqual(['general']);
  });
  it('complaints and praise', () => {
    expect(labels('Waited 75 minutes and nobody said a word. Unacceptable')).toEqual(['complaint']);
    expect(labels('Dr. Lee and the whole team are the best!')).toEqual(['praise']);
  });
  it('an emergency keeps only urgent and self_phi, the rest would distract', () => {
    expect(labels("thank you all, but my husband's chest pain is back and he's grey, what do we do?")).toEqual([
      'urgent',
      'self_phi',
    ]);
  });
  it('is pure: the same text gets the same answer', () => {
    const text = 'I want to die';
    expect(triage(text)).toEqual(triage(text));
  });
});

// Patterns a writer who never saw the rules used (tuned/writerc.jsonl), said in new words here.
describe('triage: rules that generalise', () => {
  it.each([
    ['Not planning on waking up tomorrow. Thanks for trying, everyone.', 'urgent.self-harm'],
    ['everyone will honestly be better off when i am gone', 'urgent.self-harm'],
    ['sitting in the garage with the engine running again', 'urgent.self-harm'],
    ['i have been saving up my sleeping pills for weeks', 'urgent.self-harm'],
    ['Ya escribí cartas para mis hijos, mañana ya no se van a tener que preocupar por mí', 'urgent.self-harm'],
    ['my husband took his insulin twice by accident and is shaking', 'urgent.overdose'],
    ["our 3 year old got into grandma's pills, no idea how many", 'urgent.overdose'],
    ['Mi hijo se tomó unas pastillas de su abuelo', 'urgent.overdose'],
    ['my daughter got stung and her lips are still swelling, she sounds hoarse', 'urgent.airway'],
    ['A mi papá se le cayó un lado de la cara y habla enredado', 'urgent.stroke'],
    ['Tengo 30 semanas de embarazo y me está saliendo mucha sangre', 'urgent.bleeding'],
    ['the neighbor is lying there not moving and his lips are blue', 'urgent.breathing'],
  ])('%s -> urgent (%s)', (text, rule) => {
    const result = triage(text);
    expect(result.labels[0]).toBe('urgent');
    expect(result.findings.some((f) => f.rule === rule)).toBe(true);
  });

  it.each([
    ['I am drowning in paperwork this week', 'figure of speech'],
    ['My wallet is having a heart attack after the dentist bill', 'figure of speech'],
    ['the puppy in your post is so cute i cannot breathe', 'figure of speech'],
    ['Chest pain turned out to be a pulled muscle, thanks for checking', 'has passed'],
    ['still numb from the filling and drooling my coffee lol', 'dental work'],
    ['I get chest tightness when I run in the cold, is that asthma?', 'recurring pattern'],
    ['Our nurses reversed 12 overdoses this year with naloxone', 'topic'],
    ['¿Cuáles son las señales de un derrame cerebral?', 'general question'],
  ])('%s -> not urgent (%s)', (text, reason) => {
    const result = triage(text);
    expect(result.labels).not.toContain('urgent');
    expect(result.discounted.some((d) => d.reason.includes(reason))).toBe(true);
  });

  it("someone else's health is not self_phi; a medical word no list names is", () => {
    expect(triage('My coworker has diabetes and asked me for snack ideas').labels).not.toContain('self_phi');
    expect(triage('I have Hashimoto and my hair is thinning').labels).toContain('self_phi');
    // The English medical dictionary counts only in English: "para", "mala" and "calor" are Spanish words.
    expect(triage('Este calor me mata, ¿tienen aire en la sala?').labels).not.toContain('self_phi');
  });
});
