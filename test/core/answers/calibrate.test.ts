import { fitCalibration, type LabelledSignals, tentativeCut } from '../../../src/core/answers/calibrate';
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

  it("weighs the embeddings' similarity where a store's questions show it separates them, from the shipped model that does not", () => {
    // word coverage is alike for both kinds; only the model's similarity tells them apart
    const rows: LabelledSignals[] = [];
    for (let i = 0; i < 30; i++) {
      rows.push({ answerable: true, signals: { ...none, coverage: 0.7, dense: 0.7 + (i % 5) * 0.05 } });
      rows.push({ answerable: false, signals: { ...none, coverage: 0.7, dense: 0.3 + (i % 5) * 0.05 } });
    }
    const start = { weights: { ...none, coverage: 1 }, bias: -0.5 };
    expect(start.weights.dense).toBe(0);
    const c = fitCalibration(rows, 'with embeddings', start);
    expect(c.weights.dense).toBeGreaterThan(1);
    expect(c.fitted).toMatchObject({ falseAbstentions: 0, abstentionRecall: 1 });
  });

  it('refuses no more of the answerable questions than it is allowed to, where fewest errors overall would refuse more', () => {
    // the two kinds overlap: refusing a quarter of the answerable questions would catch every one to refuse
    const rows: LabelledSignals[] = [];
    for (let i = 0; i < 40; i++) rows.push({ answerable: true, signals: { ...none, coverage: 0.2 + (i / 40) * 0.8 } });
    for (let i = 0; i < 20; i++) rows.push({ answerable: false, signals: { ...none, coverage: 0.1 + (i / 20) * 0.3 } });
    const free = fitCalibration(rows, 'free');
    expect(free.fitted!.falseAbstentions).toBeGreaterThan(0.1);
    const bounded = fitCalibration(rows, 'bounded', undefined, { maxFalseAbstentions: 0.05 });
    expect(bounded.fitted!.falseAbstentions).toBeLessThanOrEqual(0.05);
    expect(bounded.fitted!.abstentionRecall).toBeGreaterThan(0);
    expect(bounded.fitted!.abstentionRecall).toBeLessThan(free.fitted!.abstentionRecall);
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

  it('calls tentative the weakest answers where the questions to refuse gather, never more than a fifth of the answerable ones', () => {
    const answerable = Array.from({ length: 20 }, (_, i) => ({ score: i + 1, answerable: true }));
    // the questions it should refuse but answers all score under 4; refused ones (below 0) do not count
    const refuse = [0.5, 1.5, 2.5, 3.5, -5, -10].map((score) => ({ score, answerable: false }));
    expect(tentativeCut([...answerable, ...refuse])).toBe(3.75);
    // spread among the answerable ones, a cut would hedge right answers as often as wrong ones: none
    expect(tentativeCut([...answerable, ...[5.5, 12.5, 19.5].map((score) => ({ score, answerable: false }))])).toBe(0);
    // however far up they reach, no more than a fifth of the answerable ones are hedged
    const high = tentativeCut([...answerable, ...[0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5].map((score) => ({ score, answerable: false }))]);
    expect(high).toBe(4.75);
    expect(tentativeCut(answerable)).toBe(0);
    // a fit keeps it, in the fitted model's scale: the answers nearest the bar are tentative
    const rows: LabelledSignals[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({ answerable: true, signals: { ...none, coverage: 0.5 + (i % 5) * 0.1 } });
      // most to refuse are covered thinly; one in five as much as the weakest answerable ones
      if (i % 2 === 0) rows.push({ answerable: false, signals: { ...none, coverage: [0.1, 0.2, 0.3, 0.4, 0.5][(i % 10) / 2]! } });
    }
    const fitted = fitCalibration(rows, 'synthetic');
    expect(fitted.tentativeBelow).toBeGreaterThan(0);
    const weakest = evidenceScore(fitted, { ...none, coverage: 0.5 });
    expect(weakest).toBeGreaterThanOrEqual(0);
    expect(weakest).toBeLessThan(fitted.tentativeBelow!);
    expect(evidenceScore(fitted, { ...none, coverage: 0.95 })).toBeGreaterThan(fitted.tentativeBelow!);
  });

  it('refuses a set with only one kind of question', () => {
    expect(() => fitCalibration([{ answerable: true, signals: none }], 'x')).toThrow(/both/);
  });
});
