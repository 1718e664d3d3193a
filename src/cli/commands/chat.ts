import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createLiveAnswering, type LiveAnswering } from '../../live-answering';
import type { Config } from '../../config';
import type { Logger } from '../../core/ports';
import type { Lang } from '../../core/lang';
import { readyWithin } from '../../core/ready-within';
import { ConsoleConversation } from '../../channels/console/conversation';
import { ConsoleNotices } from '../../channels/console/notices';
import { ConversationService } from '../../core/conversation/service';
import { openStore } from '../../stores/index';
import { consoleCommands } from '../../channels/console/commands';
import { t } from '../../core/i18n/strings';
import { suggestionsFor } from '../../core/knowledge/suggestions';
import { tConsole } from '../../channels/console/strings';
import { cliContext } from '../context';
import { println, type CliIo } from '../io';

/** `kompis chat [--knowledge DIR]`: the console chat, one question a line. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { knowledge: { type: 'string' } } });
  const { config, logger, lang } = cliContext(io, values.knowledge);
  // the store is embedded while the chat runs, as the server does it: a store the cache holds is
  // searched by embeddings from the first question, and a slow or hung embeddings server keeps no one waiting.
  // A curator trying an edit asks again once it is saved: the folder is watched, as the server watches it.
  const live = await createLiveAnswering(config, logger, { embedInBackground: true, watch: {} });
  try {
    const { embedded } = live.current();
    if (embedded) await readyWithin(embedded, EMBEDDED_WITHIN_MS);
    return await converse(config, logger, live, io, lang);
  } finally {
    live.close();
  }
}

/** How long the chat waits for the store's embeddings before it opens: long enough for a store the cache holds. */
const EMBEDDED_WITHIN_MS = 2_000;

async function converse(config: Config, logger: Logger, live: LiveAnswering, io: CliIo, lang: Lang | undefined): Promise<number> {
  const store = await openStore(config, logger);
  const answering = live.current();
  const size = answering.knowledge.index.size;
  const color = (io.stdout as NodeJS.WriteStream).isTTY === true;
  const say = (key: Parameters<typeof tConsole>[1], vars?: Parameters<typeof tConsole>[2]) => tConsole(config.DEFAULT_LANG, key, vars);
  const { mode } = answering;
  const search = mode.search === 'hybrid' ? 'searchByMeaning' : mode.embeddings === 'embedding' || mode.embeddings === 'waiting' ? 'searchUntilEmbedded' : 'searchByWords';
  println(io.stdout, t(config.DEFAULT_LANG, 'chatWelcome'));
  println(io.stdout, `(${say('storeSize', { documents: size.documents, passages: size.passages })} · ${say(mode.answers === 'llm' ? 'answersByModel' : 'answersQuoted')} · ${say(search)})`);
  const suggestions = suggestionsFor(config.DEFAULT_LANG, answering.knowledge.suggestions);
  println(io.stdout, [tConsole(config.DEFAULT_LANG, 'tryThese'), ...suggestions.map((s) => `  • ${s.message}`)].join('\n'));
  const rl = readline.createInterface({ input: io.stdin ?? process.stdin, output: io.stdout, terminal: color });
  // a question, or a reaction to the last answer (👍/👎, "send to the curators"), on the same conversation core as Slack and Teams
  const conversation = new ConversationService({ answers: live.answers, curation: store.curation, channels: store.channels, logger, defaultLang: config.DEFAULT_LANG });
  const chat = new ConsoleConversation(conversation, io.stdout, { color, asker: 'console', lang });
  const commands = consoleCommands({ store, curators: conversation, lang: config.DEFAULT_LANG, logger, print: (text) => println(io.stdout, `\n${text}`) });
  rl.setPrompt('> ');
  const notices = new ConsoleNotices(io.stdout, rl, color);
  // a curator trying an edit learns when it is answered from (a save that is not loaded is a warning on stderr)
  const unheard = live.onReloaded(({ knowledge }) => notices.say(tConsole(config.DEFAULT_LANG, 'knowledgeReloaded', { documents: knowledge.index.size.documents })));
  notices.prompt();
  for await (const line of rl) {
    notices.busy();
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (commands.handles(text)) {
      println(io.stdout, `\n${await commands.run(text)}\n`);
      await commands.settled();
    } else if (text) await chat.line(text);
    notices.prompt();
  }
  unheard();
  rl.close();
  await store.close();
  return 0;
}
