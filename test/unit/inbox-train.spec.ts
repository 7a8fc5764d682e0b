// inbox:train's learning: seeded (the same corpus gives the same model), and thresholds that keep the precision
// floor for every writer out of fold, so a new writer's alarms stay mostly right.
import { loadTunedByWriter } from '../../scripts/inbox/corpus';
import { chooseThreshold, Example, figures, fit, outOfFold, PRECISION_FLOOR } from '../../scripts/inbox/learn';

const example = (writer: string, features: string[], urgent: boolean): Example => ({
  item: {
    id: `${writer}${features.join()}`,
    text: '',
    labels: urgent ? ['urgent'] : ['general'],
    lang: 'en',
    network: 'x',
  },
  writer,
  features: [...features, 's:bias', 'u:urgent.general-signs'],
  rules: new Set(['general']),
});

describe('inbox:train learning', () => {
  const toy: Example[] = [];
  for (const writer of ['a', 'b', 'c'])
    for (let i = 0; i < 6; i++) {
      toy.push(example(writer, ['w:sleepy', 'w:baby'], true));
      toy.push(example(writer, ['w:sleepy', 'w:meeting'], false));
      toy.push(example(writer, ['w:sore', 'w:filling'], false));
    }

  it('is seeded: the same examples give the same weights', () => {
    expect(fit(toy, 'urgent')).toEqual(fit(toy, 'urgent'));
    const w = fit(toy, 'urgent').weights;
    expect(w['w:baby']).toBeGreaterThan(0);
    expect(w['w:meeting']).toBeLessThan(0);
  });

  it('chooses a threshold at which the model alone keeps the floor for every writer', () => {
    const oof = outOfFold(toy, 'urgent');
    const t = chooseThreshold(toy, 'urgent', oof);
    expect(t).toBeLessThanOrEqual(1);
    for (const writer of ['a', 'b', 'c']) {
      const at = toy.map((_, i) => i).filter((i) => toy[i].writer === writer);
      const f = figures(
        at.map((i) => toy[i]),
        'urgent',
        at.map((i) => oof[i]),
        t,
        true,
      );
      expect(f.precision).toBeGreaterThanOrEqual(PRECISION_FLOOR.urgent);
      expect(f.recall).toBe(1);
    }
  });

  it('folds the tuned part by writer (one file each)', () => {
    const writers = new Set(loadTunedByWriter().map((i) => i.writer));
    expect(writers.size).toBeGreaterThanOrEqual(3);
  });
});
