import { parseArgs } from 'node:util';
import { createAnswering } from '../../answering';
import { renderAnswerText } from '../../channels/console/render-answer';
import { type Answer, asWritten } from '../../core/answers/answer';
import { normaliseQuestion } from '../../core/answers/guard';
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

/** The documented `--json` shape: one object, paths relative to the knowledge folder. */
export function toJson(answer: Answer) {
  return {
    answer: asWritten(answer.text),
    abstained: answer.abstained,
    ...(answer.tentative ? { tentative: true } : {}),
    ...(answer.why ? { why: answer.why } : {}),
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
