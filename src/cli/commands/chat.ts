import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createAnswering } from '../../answering';
import { noteForCurators } from '../../core/answers/curation';
import { systemClock } from '../../core/ports';
import { openStore } from '../../stores/index';
import { renderAnswerText } from '../../channels/console/render-answer';
import { consoleCommands } from '../../channels/console/commands';
import { t } from '../../core/i18n/strings';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

/** `kompis chat [--knowledge DIR]`: the console chat, one question a line. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { knowledge: { type: 'string' } } });
  const { config, logger } = cliContext(io, values.knowledge);
  const answering = await createAnswering(config, logger);
  const store = await openStore(config, logger);
  const commands = consoleCommands({ store, lang: config.DEFAULT_LANG, logger, print: (text) => println(io.stdout, `\n${text}`) });
  const size = answering.knowledge.index.size;
  const color = (io.stdout as NodeJS.WriteStream).isTTY === true;
  println(io.stdout, t(config.DEFAULT_LANG, 'chatWelcome'));
  println(io.stdout, `(${size.documents} documents, ${size.passages} passages · ${answering.mode.answers} answers · ${answering.mode.search} search)`);
  const rl = readline.createInterface({ input: io.stdin ?? process.stdin, output: io.stdout, terminal: color });
  rl.setPrompt('> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (commands.handles(text)) {
      println(io.stdout, `\n${await commands.run(text)}\n`);
      await commands.settled();
    } else if (text) {
      const answer = await answering.service.ask(text);
      println(io.stdout, `\n${renderAnswerText(answer, { color })}`);
      const noted = await noteForCurators({ curation: store.curation, clock: systemClock, logger }, answer, 'console');
      if (answer.offerCurators) println(io.stdout, t(answer.lang, noted.ok ? 'notedForCurators' : 'storeDown'));
      println(io.stdout);
    }
    rl.prompt();
  }
  rl.close();
  await store.close();
  return 0;
}
