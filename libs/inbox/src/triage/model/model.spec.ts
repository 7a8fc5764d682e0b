// The triage model next to the rules: it only adds, names the words that weighed most, needs a sign, and is optional.
import { triage } from '../triage';
import { parseTriageModel } from './model';

/** A tiny model with weights set by hand, so these tests do not move when inbox:train refits the stored one. */
const model = parseTriageModel(
  JSON.stringify({
    labels: {
      urgent: { threshold: 0.5, weights: { 's:bias': -2, 'w:sleepy': 1.5, 'b:super sleepy': 1.5, 'w:welcoming': 5 } },
      self_phi: { threshold: 0.5, weights: { 's:bias': -3, 'm:medical': 4 } },
    },
  }),
);

describe('triage model', () => {
  it('adds urgent the rules found too weak alone, naming the words that weighed most, with their span', () => {
    const text = 'my toddler is super sleepy';
    expect(triage(text, {}, { model: null }).labels).not.toContain('urgent');
    const result = triage(text, {}, { model });
    expect(result.labels[0]).toBe('urgent');
    const finding = result.findings.find((f) => f.rule === 'urgent.model')!;
    expect(finding.reason).toContain('"super sleepy"');
    expect(text.slice(finding.start, finding.end)).toBe(finding.text);
    // The rules' weak sign stays visible as set aside, so a reader sees what the model weighed.
    expect(result.discounted.some((d) => d.rule === 'urgent.general-signs')).toBe(true);
  });

  it('never alarms on words alone, however they weigh', () => {
    expect(triage('Everyone is so welcoming', {}, { model }).labels).not.toContain('urgent');
  });

  it('alarms on words alone only in the no-sign band, which is closed unless the model file opens it', () => {
    const text = 'Everyone is so welcoming';
    const opened = parseTriageModel(
      JSON.stringify({
        labels: { urgent: { threshold: 0.5, no_sign_threshold: 0.9, weights: { 's:bias': -2, 'w:welcoming': 5 } } },
      }),
    );
    const result = triage(text, {}, { model: opened });
    expect(result.labels).toContain('urgent');
    expect(result.findings.find((f) => f.rule === 'urgent.model')?.reason).toContain('"welcoming"');
    // Below the band's threshold (p 0.95 < 0.97) nothing is added, though p is far above the usual threshold.
    const stricter = parseTriageModel(
      JSON.stringify({
        labels: { urgent: { threshold: 0.5, no_sign_threshold: 0.97, weights: { 's:bias': -2, 'w:welcoming': 5 } } },
      }),
    );
    expect(triage(text, {}, { model: stricter }).labels).not.toContain('urgent');
  });

  it('never overrules a reason the rules gave, even with the no-sign band open', () => {
    const opened = parseTriageModel(
      JSON.stringify({
        labels: { urgent: { threshold: 0.5, no_sign_threshold: 0.5, weights: { 's:bias': 5 } } },
      }),
    );
    expect(triage('so sleepy after the potluck, dying of laughter', {}, { model: opened }).labels).not.toContain(
      'urgent',
    );
  });

  it('refuses a no-sign threshold that is not a number', () => {
    expect(() =>
      parseTriageModel(JSON.stringify({ labels: { urgent: { threshold: 0.5, no_sign_threshold: 'x', weights: {} } } })),
    ).toThrow(/no_sign_threshold/);
  });

  it('never overrules a reason the rules gave (here: a figure of speech)', () => {
    const text = 'so sleepy after the potluck, dying of laughter';
    expect(triage(text, {}, { model: null }).discounted.length).toBeGreaterThan(0);
    expect(triage(text, {}, { model }).labels).not.toContain('urgent');
  });

  it('adds self_phi on a medical word no rule lists', () => {
    const text = 'I have psoriasis again';
    const result = triage(text, {}, { model });
    expect(result.labels).toContain('self_phi');
  });

  it('keeps what the rules found and drops questions and praise from an emergency, as the rules do', () => {
    const result = triage('thank you! my son is super sleepy, is that ok?', {}, { model });
    expect(result.labels).toEqual(expect.arrayContaining(['urgent']));
    expect(result.labels).not.toContain('praise');
    expect(result.labels).not.toContain('medical_question');
  });

  it('leaves spam alone', () => {
    const spam = 'URGENT!! Your page will be disabled, verify now at meta-help.co, so sleepy';
    expect(triage(spam, {}, { model }).labels).toEqual(['spam']);
  });

  it("with the stored model, the issue's examples keep their labels", () => {
    expect(triage("I don't see the point anymore").labels[0]).toBe('urgent');
    expect(triage('dying to get an appointment, your booking is full!').labels).not.toContain('urgent');
    expect(triage('this heat wave is killing me lol').labels).not.toContain('urgent');
  });

  it('refuses a model file without labels', () => {
    expect(() => parseTriageModel('{}')).toThrow(/labels/);
  });
});
