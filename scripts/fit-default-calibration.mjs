// Fits the model Kompis ships (src/core/answers/default-calibration.json) on more than one store, so
// that the default is not any one company's. The held-out sets (test/eval/holdout-test, unseen-2 and
// the transport, bank, insurer, pharmacy and energy packs) are never used here: they only measure.
// Run after `npm run build`:
//   node scripts/fit-default-calibration.mjs             the whole model from the fused order, on the
//                                                        sample pack's eval and dev questions and the clothing chain's pack
//   node scripts/fit-default-calibration.mjs --ordering  only the ordering of the leading passages, held near the shipped
//                                                        one, on those and the grocery, furniture and hotel packs; the
//                                                        section choice and the answer-or-abstain decision stay as shipped
//   node scripts/fit-default-calibration.mjs --tentative only where answers stop being tentative, with the shipped model
//                                                        as it is, on the same six question sets
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { EvalQuestion } = require(path.join(root, 'dist/src/core/answers/evaluate.js'));
const { calibrateOn } = require(path.join(root, 'dist/src/core/answers/calibrate-store.js'));
const { fitRanking, tentativeCut } = require(path.join(root, 'dist/src/core/answers/calibrate.js'));
const { evaluate } = require(path.join(root, 'dist/src/core/answers/evaluate.js'));
const { AnswerService } = require(path.join(root, 'dist/src/core/answers/service.js'));
const { silentLogger, systemClock } = require(path.join(root, 'dist/src/core/ports.js'));
const { rankingCandidates } = require(path.join(root, 'dist/src/core/answers/retrieve.js'));
const { openKnowledge } = require(path.join(root, 'dist/src/core/knowledge/knowledge.js'));
const { DEFAULT_CALIBRATION } = require(path.join(root, 'dist/src/core/answers/default-calibration.js'));

const STORES = [
  ['knowledge', 'test/eval/questions.jsonl'],
  ['test/eval/packs/dev/knowledge', 'test/eval/packs/dev/questions.jsonl'],
  ['knowledge', 'test/eval/holdout-dev.jsonl'],
];
/** The ordering is fitted on stores of more kinds: written in other styles, asked across languages more often. */
const ORDERING_STORES = [...STORES, ...['grocery', 'furniture', 'hotel'].map((p) => [`test/eval/packs/${p}/knowledge`, `test/eval/packs/${p}/questions.jsonl`])];

async function open(stores) {
  const sets = [];
  for (const [dir, file] of stores) {
    const knowledge = await openKnowledge(path.join(root, dir));
    const questions = fs.readFileSync(path.join(root, file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => EvalQuestion.parse(JSON.parse(l)));
    const langOf = new Map(knowledge.documents.map((d) => [d.path, d.meta.lang]));
    sets.push({ index: knowledge.index, questions, docLang: (p) => langOf.get(p) });
  }
  return sets;
}

const out = path.join(root, 'src/core/answers/default-calibration.json');
if (process.argv.includes('--ordering')) {
  const lists = [];
  for (const { index, questions } of await open(ORDERING_STORES)) {
    for (const q of questions) {
      if (q.expect === 'abstain') continue;
      const { paths, features } = await rankingCandidates(q.q, index);
      lists.push({ features, correct: paths.map((p) => q.expect.includes(p)) });
    }
  }
  const ranking = fitRanking(lists, DEFAULT_CALIBRATION.ranking);
  const shipped = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.writeFileSync(out, `${JSON.stringify({ ...shipped, ranking }, null, 2)}\n`);
  console.log(`ordering fitted on ${lists.length} answerable questions of ${ORDERING_STORES.length} question sets; written to ${path.relative(root, out)}`);
  console.log(JSON.stringify(ranking));
} else if (process.argv.includes('--tentative')) {
  const scores = [];
  for (const { index, questions, docLang } of await open(ORDERING_STORES)) {
    const service = new AnswerService({ index, clock: systemClock, logger: silentLogger, calibration: DEFAULT_CALIBRATION });
    for (const row of (await evaluate(questions, service, docLang)).rows) if (row.score !== undefined) scores.push({ score: row.score, answerable: row.expect !== 'abstain' });
  }
  const { tentativeBelow: _, ...shipped } = JSON.parse(fs.readFileSync(out, 'utf8'));
  const tentativeBelow = tentativeCut(scores);
  fs.writeFileSync(out, `${JSON.stringify({ ...shipped, ...(tentativeBelow > 0 ? { tentativeBelow } : {}) }, null, 2)}\n`);
  console.log(`answers below ${tentativeBelow.toFixed(3)} are tentative (${scores.length} questions of ${ORDERING_STORES.length} question sets); written to ${path.relative(root, out)}`);
} else {
  // fitted from nothing but the fused order, so the shipped model owes nothing to an earlier one
  const calibration = await calibrateOn(await open(STORES), STORES.map(([, file]) => file).join(' + '));
  fs.writeFileSync(out, `${JSON.stringify(calibration, null, 2)}\n`);
  console.log(`fitted on ${calibration.fitted.questions} questions; written to ${path.relative(root, out)}`);
  console.log(JSON.stringify(calibration.fitted));
  console.log(JSON.stringify(calibration.ranking));
}
