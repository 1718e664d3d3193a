import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAnswering } from '../../../src/answering';
import { loadConfig } from '../../../src/config';
import { crossValidate } from '../../../src/core/answers/calibrate-store';
import { DEFAULT_CALIBRATION, withShippedModels } from '../../../src/core/answers/default-calibration';
import { Calibration } from '../../../src/core/knowledge/calibration';
import { EvalQuestion, evaluate } from '../../../src/core/answers/evaluate';
import { AnswerService } from '../../../src/core/answers/service';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { silentLogger, systemClock } from '../../../src/core/ports';
import { MINI } from '../../helpers';

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
    // two to refuse, one of them a greeting, refused before the model decides: one to fit on is as few
    const refuse = set.questions.filter((q) => q.expect === 'abstain').slice(0, 2);
    expect(refuse[0]!.q).toBe('hei, hvordan går det?');
    const greeting = { ...set, questions: [...set.questions.filter((q) => q.expect !== 'abstain'), ...refuse] };
    expect(await crossValidate(greeting, 'greeting', DEFAULT_CALIBRATION)).toBeUndefined();
    // the store opened and a model fitted for each part: real work, given a runner limit of its own
  }, 60_000);
});

describe("a store's calibration written by an older Kompis (weights and bias only)", () => {
  it('keeps its own answer-or-abstain weights and takes the shipped ordering and section models for the parts it lacks; start says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-oldcal-'));
    fs.cpSync(MINI, dir, { recursive: true });
    const older = { weights: { ...DEFAULT_CALIBRATION.weights, coverage: 0.5 }, bias: -0.25 };
    fs.writeFileSync(path.join(dir, '_calibration.json'), JSON.stringify(older));
    const { calibration, filled, missing } = withShippedModels(Calibration.parse(older));
    expect(calibration).toMatchObject({ ...older, ranking: DEFAULT_CALIBRATION.ranking, answering: DEFAULT_CALIBRATION.answering });
    expect([filled, missing]).toEqual([['ranking', 'answering'], ['tentativeBelow']]);
    // a store's own parts are its own
    expect(withShippedModels(DEFAULT_CALIBRATION)).toEqual({ calibration: DEFAULT_CALIBRATION, filled: [], missing: [] });

    const warnings: { fields: Record<string, unknown>; msg: string }[] = [];
    const logger = { ...silentLogger, warn: (fields: object, msg?: string) => warnings.push({ fields: fields as Record<string, unknown>, msg: msg ?? '' }), child: () => logger };
    await createAnswering(loadConfig({ KNOWLEDGE_DIR: dir, DATA_DIR: path.join(dir, 'data') }), logger, { extractiveOnly: true });
    expect(warnings).toContainEqual({ fields: { calibration: '_calibration.json', shipped: ['ranking', 'answering'], missing: ['tentativeBelow'] }, msg: expect.stringContaining('kompis eval --calibrate') });
  });
});
