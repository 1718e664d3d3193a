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

  it('refuses a set with only one kind of question', () => {
    expect(() => fitCalibration([{ answerable: true, signals: none }], 'x')).toThrow(/both/);
  });
});
