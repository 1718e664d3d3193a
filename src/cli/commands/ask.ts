import { parseArgs } from 'node:util';
import { createAnswering } from '../../answering';
import { renderAnswerText } from '../../channels/console/render-answer';
import { type AbstainReason, type Answer, asWritten } from '../../core/answers/answer';
import { MAX_QUESTION_CHARS, normaliseQuestion } from '../../core/answers/guard';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

const USAGE = 'Use: kompis ask [--knowledge DIR] [--json] "question"';

/** `kompis ask [--knowledge DIR] [--json] "question"` */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { knowledge: { type: 'string' }, json: { type: 'boolean', default: false }, extractive: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const question = positionals.join(' ');
  // no question (an unset shell variable: ask "$Q") is a mistake in the command, not a message asking nothing
  if (!normaliseQuestion(question)) {
    println(io.stderr, `kompis: ask needs a question\n${USAGE}`);
    return 2;
  }
  const { config, logger, lang } = cliContext(io, values.knowledge);
  const { service } = await createAnswering(config, logger, { extractiveOnly: values.extractive ?? false });
  const answer = await service.ask(question, lang ? { hint: lang } : {});
  if (values.json) println(io.stdout, JSON.stringify(toJson(answer)));
  else println(io.stdout, renderAnswerText(answer));
  return 0;
}

/**
 * Why a message was not answered, for the curators, where the service gives only its reason: it
 * writes `why` (what the store lacks) where it searched, not where it refused the message first.
 * A search that found too little always says why; its two reasons are here so none goes without.
 */
const WHY_ABSTAINED: Record<AbstainReason, string> = {
  empty: 'the message has no words the store could search for',
  social: 'a greeting or thanks, which asks nothing: answered in kind',
  too_long: `the question is longer than the ${MAX_QUESTION_CHARS} characters Kompis reads, so nothing was searched`,
  prompt_injection: 'the message reads as an attempt to change how Kompis answers, so it was not answered',
  no_evidence: 'the store holds too little to answer it',
  unknown_name: 'the store never mentions a name the question asks about',
};

/** The documented `--json` shape: one object, paths relative to the knowledge folder; every abstention says why. */
export function toJson(answer: Answer) {
  const why = answer.why ?? (answer.abstained && answer.abstainReason ? WHY_ABSTAINED[answer.abstainReason] : undefined);
  return {
    answer: asWritten(answer.text),
    abstained: answer.abstained,
    ...(answer.tentative ? { tentative: true } : {}),
    ...(why ? { why } : {}),
    lang: answer.lang,
    citations: answer.citations.map((c) => ({
      n: c.n,
      id: c.id,
      path: c.path,
      title: c.title,
      ...(c.source ? { source: c.source } : {}),
      quote: c.quote,
    })),
  };
}
