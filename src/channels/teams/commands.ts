import { parseCommand as parse, personRef, type Command } from '../../core/commands';
import { asText } from '../../core/i18n/strings';
import { decodeEntities } from './markup';
import { sideBySide } from './question';

/**
 * What someone wrote to Kompis, read by core's one grammar as a command when it has a command's
 * exact shape, with or without a leading `/kompis ` or `kompis ` (Teams has no slash commands for
 * bots: people type them, or pick them from the manifest's command list). Anything else is a question.
 *
 * `text` is the message with Kompis's own @mention removed, as Teams sends it (HTML: `&nbsp;` after
 * a mention, `&amp;` for `&`); `mentions` are the `<at>…</at>` texts of the other people mentioned
 * in it, in order: each becomes a neutral reference, its index. The characters are decoded before
 * the references are written, so an escaped `{@` typed in the message stays text.
 */
export function parseCommand(text: string, mentions: string[] = []): Command | undefined {
  let words = asText(decodeEntities(text));
  mentions.forEach((m, i) => {
    // a mention written a part at a time has its parts apart by any space, as the message has them
    const mention = asText(decodeEntities(m));
    if (mention.trim()) words = words.replace(sideBySide(mention), ` ${personRef(String(i))} `);
  });
  return parse(words, 'message');
}
