import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAnswering } from '../../answering';
import { KompisError } from '../../core/errors';
import { calibrateOn, crossValidate, FEWEST_OF_A_KIND, questionsShort } from '../../core/answers/calibrate-store';
import { DEFAULT_CALIBRATION } from '../../core/answers/default-calibration';
import { EvalQuestion, evaluate, type EvalReport, type Metrics } from '../../core/answers/evaluate';
import { typedAs, TYPINGS, type Typing } from '../../core/answers/typed-as';
import { CALIBRATION_FILE } from '../../core/knowledge/load';
import { LANGS } from '../../core/lang';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';
import { readTextFile } from '../text-file';

/**
 * The most a store's calibration may refuse of the answerable questions it is fitted on, unless
 * `--max-false-abstain` says otherwise: an agent refused more often than one question in twenty
 * stops asking, and a refusal is no safer for the customer than the answer the agent looks up instead.
 */
const CALIBRATION_MAX_FALSE_ABSTENTIONS = 0.05;

/**
 * `kompis eval [--knowledge DIR] --questions FILE.jsonl [--json] [--typed plain|caps|typo] [--min-recall1 X] [--min-abstain X] [--max-false-abstain X]`
 * `kompis eval [--knowledge DIR] --questions FILE.jsonl --calibrate [--max-false-abstain X] [--calibration-out FILE]`: fits the store's answer-or-abstain model
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      knowledge: { type: 'string' },
      questions: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'min-recall1': { type: 'string' },
      'min-abstain': { type: 'string' },
      'max-false-abstain': { type: 'string' },
      calibrate: { type: 'boolean', default: false },
      'calibration-out': { type: 'string' },
      typed: { type: 'string' },
    },
  });
  const typing = values.typed as Typing | undefined;
  if (typing !== undefined && !TYPINGS.includes(typing)) throw new KompisError('usage', `--typed takes one of ${TYPINGS.join(', ')}`);
  // every bar is read before the questions are asked: a mistyped one would otherwise stop the run only at its end
  const bars = { minRecall1: barOf(values['min-recall1'], 'min-recall1'), minAbstain: barOf(values['min-abstain'], 'min-abstain'), maxFalseAbstain: barOf(values['max-false-abstain'], 'max-false-abstain') };
  // the threshold refuses at most this share of the answerable questions it is fitted on
  const cap = bars.maxFalseAbstain ?? CALIBRATION_MAX_FALSE_ABSTENTIONS;
  const modelOut = values['calibration-out'];
  if (modelOut !== undefined && !values.calibrate) throw new KompisError('usage', '--calibration-out names the file --calibrate writes its model to: add --calibrate, or leave it out');
  // `--calibration-out ""` (an unset shell variable) names no file: not the default one
  if (modelOut !== undefined && modelOut.trim() === '') throw new KompisError('usage', '--calibration-out needs a file: --calibration-out FILE');
  if (!values.questions) throw new KompisError('usage', 'eval needs --questions FILE.jsonl (one {"q": …, "expect": [paths] | "abstain"} a line)');
  const asWritten = readQuestions(values.questions);
  // a figure over no questions is no measure: 0 of 0 would read as 100 % and pass every bar
  if (asWritten.length === 0) throw new KompisError('bad_eval_file', `${values.questions} holds no questions (one {"q": …, "expect": [paths] | "abstain"} a line)`);
  if (values.calibrate) {
    const refuse = asWritten.filter((q) => q.expect === 'abstain').length;
    const answer = asWritten.length - refuse;
    if (refuse === 0 || answer === 0) {
      const missing = refuse === 0 ? 'questions the store must refuse ("expect": "abstain"): in your domain but not covered, and off-topic' : 'questions the store must answer ("expect": ["path.md", …])';
      throw new KompisError('bad_eval_file', `calibrating needs both kinds of question, to learn where to answer and where to refuse: ${values.questions} has ${answer} to answer and ${refuse} to refuse. Add ${missing}, ${FEWEST_OF_A_KIND} or more; no model was written`);
    }
  }
  // each question as an agent might type it: the store's answers to it should hold
  const questions = typing ? asWritten.map((q) => ({ ...q, q: typedAs(typing, q.q) })) : asWritten;
  if (modelOut !== undefined) checkWritable(modelOut, true);
  const { config, logger } = cliContext(io, values.knowledge);
  const { service, knowledge, vectors } = await createAnswering(config, logger, { extractiveOnly: !config.chat });
  const langOf = new Map(knowledge.documents.map((d) => [d.path, d.meta.lang]));
  // a question whose expected documents the store does not hold (a path mistyped, or a file skipped
  // at load) can only miss: it is named, and a model is not fitted to answer it
  const unheld = questions.filter((q) => q.expect !== 'abstain' && !q.expect.some((p) => langOf.has(p)));
  if (unheld.length > 0) {
    const skipped = new Map(knowledge.problems.filter((p) => !p.published).map((p) => [p.path, p.message]));
    const named = unheld.slice(0, 5).map((q) => {
      const paths = q.expect as string[];
      const why = paths.map((p) => skipped.get(p)).find(Boolean);
      return `"${q.q}" expects ${paths.join(', ')}${why ? ` (not read: ${why})` : ''}`;
    });
    const what = values.calibrate ? 'left out of the fit' : 'measured as misses';
    println(io.stderr, `kompis: warning: ${unheld.length} ${unheld.length === 1 ? 'question expects' : 'questions expect'} only documents the store does not hold, ${what}: ${named.join('; ')}${unheld.length > 5 ? '; …' : ''}`);
  }
  if (values.calibrate && questions.every((q) => q.expect === 'abstain' || unheld.includes(q))) {
    throw new KompisError('bad_eval_file', `calibrating needs questions the store must answer, and ${values.questions} has none whose documents the store holds; no model was written`);
  }
  if (values.calibrate) {
    const out = modelOut ?? path.join(knowledge.dir, CALIBRATION_FILE);
    if (modelOut === undefined) checkWritable(out, false);
    const set = { index: knowledge.index, questions: questions.filter((q) => !unheld.includes(q)), docLang: (p: string) => langOf.get(p), ...(vectors ? { vectors } : {}) };
    const calibration = await calibrateOn([set], path.basename(values.questions), DEFAULT_CALIBRATION, { maxFalseAbstentions: cap });
    try {
      fs.writeFileSync(out, `${JSON.stringify(calibration, null, 2)}\n`);
    } catch (err) {
      throw new KompisError('calibration_not_written', `the fitted model could not be written to ${out} (${(err as Error).message}); run eval --calibrate again once it can be`);
    }
    const f = calibration.fitted!;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    println(io.stdout, `calibrated on ${f.questions} questions (${f.answerable} answerable, ${f.abstain} to refuse), refusing at most ${pct(cap)} of the answerable: false abstentions ${pct(f.falseAbstentions)}, abstention recall ${pct(f.abstentionRecall)}`);
    println(io.stdout, `written to ${out}; run eval again to measure with it`);
    const short = questionsShort(f.answerable, f.abstain);
    if (short) {
      const more = [short.answerable > 0 ? `${short.answerable} more to answer` : '', short.refuse > 0 ? `${short.refuse} more to refuse` : ''].filter(Boolean).join(' and ');
      println(io.stderr, `kompis: warning: this model is fitted on few questions, ${f.answerable} to answer and ${f.abstain} to refuse, and decides every answer of the store from them; ${FEWEST_OF_A_KIND} or more of each kind make it and its figures worth trusting: add ${more}, then calibrate again`);
    }
    const cv = await crossValidate(set, path.basename(values.questions), DEFAULT_CALIBRATION, { maxFalseAbstentions: cap });
    if (!cv) println(io.stderr, 'kompis: warning: the model is not measured on questions it was not fitted on: that needs 2 or more of each kind');
    else {
      const figures = (m: Metrics) => `right answers ${pct(m.answeredCorrectly)}, false abstentions ${pct(m.falseAbstentions)}, abstention recall ${pct(m.abstentionRecall)}`;
      println(io.stdout, `on questions it was not fitted on (${cv.folds} parts, each answered by a model fitted on the others): ${figures(cv.fitted)}`);
      println(io.stdout, `the shipped model on the same questions: ${figures(cv.shipped)}`);
      // the fit's own measure: false abstentions and wrong answers, each as a share of its kind
      const cost = (m: Metrics) => m.falseAbstentions + (1 - m.abstentionRecall);
      println(io.stdout, cost(cv.fitted) < cost(cv.shipped) ? "on these figures the store's model does better than the shipped one" : `on these figures the shipped model does as well: delete ${out} to answer by it`);
    }
    return 0;
  }

  const report = await evaluate(questions, service, (p) => langOf.get(p));
  if (values.json) println(io.stdout, JSON.stringify({ ...report, rows: values.verbose ? report.rows : undefined }));
  else {
    if (typing) println(io.stdout, `questions typed: ${typing}`);
    printReport(io, report, values.verbose ?? false);
  }

  const failures: string[] = [];
  // a bar over questions the set does not have is not passed: nothing was measured against it
  const bar = (limit: number | undefined, name: string, value: number, below: boolean, measured: number, what: string) => {
    if (limit === undefined) return;
    if (measured === 0) failures.push(`${name}: nothing measured (no ${what} in ${values.questions})`);
    else if (below ? value < limit : value > limit) failures.push(`${name}: ${value.toFixed(3)} ${below ? '<' : '>'} ${limit}`);
  };
  bar(bars.minRecall1, 'min-recall1', report.sameLanguage.recall1, true, report.sameLanguage.answerable, 'question to answer from a document in its own language');
  bar(bars.minAbstain, 'min-abstain', report.overall.abstentionRecall, true, report.overall.shouldAbstain, 'question to refuse');
  bar(bars.maxFalseAbstain, 'max-false-abstain', report.overall.falseAbstentions, false, report.overall.answerable, 'question to answer');
  for (const f of failures) println(io.stderr, `eval below the bar: ${f}`);
  return failures.length > 0 ? 1 : 0;
}

/** A bar as typed after its flag: a share, as the figures it is held against ('', 'abc' and 90 for 90 % are none). */
function barOf(flag: string | undefined, name: string): number | undefined {
  if (flag === undefined) return undefined;
  const limit = Number(flag);
  if (flag.trim() === '' || !(limit >= 0 && limit <= 1)) throw new KompisError('usage', `--${name} takes a number between 0 and 1, not "${flag}"`);
  return limit;
}

/**
 * That --calibrate can write its model to `out`, checked before the fit: the fit takes a while on
 * a large store, and a model that cannot be written is lost with it. `named`: the file was given
 * with --calibration-out, rather than the default beside the documents.
 */
function checkWritable(out: string, named: boolean): void {
  function stop(why: string): never {
    throw new KompisError('calibration_not_writable', `${why}${named ? '' : ' (name another file with --calibration-out FILE)'}; nothing was fitted`);
  }
  const dir = path.dirname(path.resolve(out));
  let target: fs.Stats | undefined;
  let folder: fs.Stats | undefined;
  try {
    target = statOf(out);
    folder = statOf(dir);
  } catch (err) {
    stop(`${out} cannot be reached (${(err as Error).message})`);
  }
  if (target?.isDirectory()) stop(`${out} is a folder: --calibration-out names the file to write the model to`);
  if (!folder) stop(`the folder ${dir} does not exist, so the model cannot be written to ${out}`);
  if (!folder.isDirectory()) stop(`${dir} is a file, not a folder, so the model cannot be written to ${out}`);
  try {
    fs.accessSync(target ? out : dir, fs.constants.W_OK);
  } catch {
    stop(`${target ? out : `the folder ${dir}`} cannot be written to, so the model cannot be written to ${out}`);
  }
}

/** What is at `file`, or undefined where nothing is (also where a folder on its way is a file). */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function readQuestions(file: string): EvalQuestion[] {
  // a byte-order mark (Notepad's UTF-8 with BOM, Excel's export) opens no question
  const text = readTextFile(file, 'the questions file');
  if (typeof text !== 'string') throw new KompisError('bad_eval_file', text.problem);
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    if (!line.trim()) return [];
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new KompisError('bad_eval_file', `${file}:${i + 1} is not JSON (${(err as Error).message})`);
    }
    const parsed = EvalQuestion.safeParse(json);
    if (!parsed.success) throw new KompisError('bad_eval_file', `${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    // a document's id is its path with composed letters (see loadKnowledge), however the file writes it
    const expect = parsed.data.expect === 'abstain' ? parsed.data.expect : parsed.data.expect.map((p) => p.normalize('NFC'));
    return [{ ...parsed.data, expect }];
  });
}

function printReport(io: CliIo, r: EvalReport, verbose: boolean): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`.padStart(8);
  // a figure over no questions of its kind is no measure (0 of 0 would read as 100 %): a dash
  const of = (n: number, figure: string) => (n === 0 ? '–'.padStart(figure.length) : figure);
  const line = (name: string, m: Metrics) =>
    println(
      io.stdout,
      `${name.padEnd(16)} ${String(m.questions).padStart(4)} ${of(m.answerable, pct(m.recall1))} ${of(m.answerable, pct(m.recall3))} ${of(m.answerable, m.mrr.toFixed(3).padStart(6))} ${of(m.answerable, pct(m.answeredCorrectly))} ${of(m.answerable, pct(m.falseAbstentions))} ${of(m.questions, pct(m.abstentionPrecision))} ${of(m.shouldAbstain, pct(m.abstentionRecall))} ${of(m.factQuestions, pct(m.factInAnswer))}`,
    );
  println(io.stdout, `${'questions'.padEnd(16)} ${'n'.padStart(4)} ${'recall@1'.padStart(8)} ${'recall@3'.padStart(8)} ${'MRR'.padStart(6)} ${'correct'.padStart(8)} ${'false-ab'.padStart(8)} ${'abst-P'.padStart(8)} ${'abst-R'.padStart(8)} ${'fact'.padStart(8)}`);
  line('all', r.overall);
  line('same language', r.sameLanguage);
  line('cross-language', r.crossLanguage);
  for (const l of LANGS) line(`  ${l}`, r.byLang[l]);
  const o = r.overall;
  if (o.tentativeRight > 0 || o.tentativeWrong > 0) {
    println(io.stdout, `\nanswered as the closest the store has, to be checked: ${pct(o.tentativeWrong).trim()} of the wrong answers, ${pct(o.tentativeRight).trim()} of the right ones`);
  }
  if (r.overall.replyLanguageQuestions > 0) {
    println(io.stdout, `\nreplied in the question's language: ${pct(r.overall.replyLanguage).trim()} of the ${r.overall.replyLanguageQuestions} ${r.overall.replyLanguageQuestions === 1 ? 'question that says' : 'questions that say'} which it is`);
  }
  if (verbose) {
    println(io.stdout, '\nmisses:');
    for (const row of r.rows) {
      const wrong = row.expect === 'abstain' ? !row.abstained : row.abstained || !row.expect.includes(row.ranked[0] ?? '');
      if (wrong || row.factFound === false)
        println(io.stdout, `  [${row.lang}${row.crossLanguage ? ' x' : ''}] ${row.q}\n      expect ${JSON.stringify(row.expect)} got ${row.abstained ? 'abstain' : ''} ranked ${row.ranked.slice(0, 3).join(', ')} score ${row.score?.toFixed(2)}${row.factFound === false ? ' (fact missing)' : ''}`);
    }
  }
}
