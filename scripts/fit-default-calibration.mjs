// Fits the answer-or-abstain model Kompis ships (src/core/answers/default-calibration.json) on more
// than one store, so that the default is not any one company's: the sample pack's tuned eval and its
// dev questions, and the clothing chain's dev pack. The held-out sets (test/eval/holdout-test, unseen-2, packs/holdout) are
// (and packs/bank) are never used here: they only measure. Run after `npm run build`: node scripts/fit-default-calibration.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { EvalQuestion } = require(path.join(root, 'dist/src/core/answers/evaluate.js'));
const { calibrateOn } = require(path.join(root, 'dist/src/core/answers/calibrate-store.js'));
const { openKnowledge } = require(path.join(root, 'dist/src/core/knowledge/knowledge.js'));

const STORES = [
  ['knowledge', 'test/eval/questions.jsonl'],
  ['test/eval/packs/dev/knowledge', 'test/eval/packs/dev/questions.jsonl'],
  ['knowledge', 'test/eval/holdout-dev.jsonl'],
];

const sets = [];
for (const [dir, file] of STORES) {
  const knowledge = await openKnowledge(path.join(root, dir));
  const questions = fs.readFileSync(path.join(root, file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => EvalQuestion.parse(JSON.parse(l)));
  const langOf = new Map(knowledge.documents.map((d) => [d.path, d.meta.lang]));
  sets.push({ index: knowledge.index, questions, docLang: (p) => langOf.get(p) });
}
// fitted from nothing but the fused order, so the shipped model owes nothing to an earlier one
const calibration = await calibrateOn(sets, STORES.map(([, file]) => file).join(' + '));
const out = path.join(root, 'src/core/answers/default-calibration.json');
fs.writeFileSync(out, `${JSON.stringify(calibration, null, 2)}\n`);
console.log(`fitted on ${calibration.fitted.questions} questions; written to ${path.relative(root, out)}`);
console.log(JSON.stringify(calibration.fitted));
console.log(JSON.stringify(calibration.ranking));
