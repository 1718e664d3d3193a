import { fitCalibration, type LabelledSignals } from '../../../src/core/answers/calibrate';
import { evidenceScore, SIGNALS, type Signals } from '../../../src/core/knowledge/calibration';

const none = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Signals;

describe('fitting the answer-or-abstain model', () => {
  it('learns which signal separates answerable questions from the rest, and where to cut', () => {
    // answerable questions are well covered; the others are not, whatever the noise in another signal
    const rows: LabelledSignals[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({ answerable: true, signals: { ...none, coverage: 0.6 + (i % 5) * 0.08, ngram: (i % 3) * 0.3 } });
      if (i % 2 === 0) rows.push({ answerable: false, signals: { ...none, coverage: 0.1 + (i % 4) * 0.08, ngram: (i % 3) * 0.3 } });
    }
    const c = fitCalibration(rows, 'synthetic');
    expect(c.weights.coverage).toBeGreaterThan(Math.abs(c.weights.ngram));
    expect(evidenceScore(c, { ...none, coverage: 0.9 })).toBeGreaterThan(0);
    expect(evidenceScore(c, { ...none, coverage: 0.15 })).toBeLessThan(0);
    expect(c.fitted).toMatchObject({ on: 'synthetic', questions: 60, answerable: 40, abstain: 20, falseAbstentions: 0, abstentionRecall: 1 });
  });

  it("starts from the shipped model and moves only as far as a store's few questions show", () => {
    const start = { weights: { ...none, coverage: 5, ngram: 3 }, bias: -2 };
    const few: LabelledSignals[] = [
      { answerable: true, signals: { ...none, coverage: 0.8, ngram: 0.1 } },
      { answerable: false, signals: { ...none, coverage: 0.2, ngram: 0.1 } },
    ];
    const held = fitCalibration(few, 'few', start);
    const free = fitCalibration(few, 'few');
    // the ngram signal says nothing on these two questions: held to the start it keeps its weight, fitted from zero it has none
    expect(held.weights.ngram).toBeGreaterThan(2);
    expect(Math.abs(free.weights.ngram)).toBeLessThan(1);
  });

  it('refuses a set with only one kind of question', () => {
    expect(() => fitCalibration([{ answerable: true, signals: none }], 'x')).toThrow(/both/);
  });
});
