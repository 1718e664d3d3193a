import fs from 'node:fs';
import path from 'node:path';
import { crossValidate } from '../../../src/core/answers/calibrate-store';
import { DEFAULT_CALIBRATION } from '../../../src/core/answers/default-calibration';
import { EvalQuestion, evaluate } from '../../../src/core/answers/evaluate';
import { AnswerService } from '../../../src/core/answers/service';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { silentLogger, systemClock } from '../../../src/core/ports';

const ROOT = path.join(__dirname, '..', '..', '..');

function questions(): EvalQuestion[] {
  const all = fs
    .readFileSync(path.join(ROOT, 'test', 'eval', 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => EvalQuestion.parse(JSON.parse(l)));
  return [...all.filter((q) => q.expect !== 'abstain').slice(0, 9), ...all.filter((q) => q.expect === 'abstain').slice(0, 3)];
}

describe("measuring a store's calibration on questions it was not fitted on", () => {
  it('answers every question once, by a model fitted on the other parts, beside the shipped model on the same questions', async () => {
    const knowledge = await openKnowledge(path.join(ROOT, 'knowledge'));
    const langOf = new Map(knowledge.documents.map((d) => [d.path, d.meta.lang]));
    const set = { index: knowledge.index, questions: questions(), docLang: (p: string) => langOf.get(p) };
    const cv = await crossValidate(set, 'some questions', DEFAULT_CALIBRATION, { maxFalseAbstentions: 0.05 });
    expect(cv).toBeDefined();
    // as many parts as the fewer kind allows, up to five
    expect(cv!.folds).toBe(3);
    expect(cv!.fitted).toMatchObject({ questions: 12, answerable: 9, shouldAbstain: 3 });
    const shipped = await evaluate(set.questions, new AnswerService({ index: knowledge.index, clock: systemClock, logger: silentLogger }), set.docLang);
    expect(cv!.shipped).toEqual(shipped.overall);

    // with fewer questions to refuse than two parts need, there is nothing to measure on
    const few = { ...set, questions: [...set.questions.filter((q) => q.expect !== 'abstain'), set.questions.find((q) => q.expect === 'abstain')!] };
    expect(await crossValidate(few, 'few', DEFAULT_CALIBRATION)).toBeUndefined();
    // the store opened and a model fitted for each part: real work, given a runner limit of its own
  }, 60_000);
});
