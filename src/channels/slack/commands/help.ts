import { tc } from '../../../core/i18n/slack-strings';
import type { Lang } from '../../../core/lang';
import { clip, escapeMrkdwn } from '../mrkdwn';
import { LIMITS, type SlackMessage } from '../render-answer';
import type { CommandRouter, Subcommand } from './router';

/** `/kompis help`: what Kompis does and every subcommand the router knows, with its line. */
export function helpCommand(router: CommandRouter): Subcommand {
  return {
    name: 'help',
    describe: (lang) => tc(lang, 'cmdHelp'),
    run: async ({ lang }) => renderHelp(router, lang),
  };
}

export function renderHelp(router: CommandRouter, lang: Lang, prefix?: string): SlackMessage {
  const lines = router.list().map((s) => `• \`/kompis ${s.name}\` — ${escapeMrkdwn(s.describe(lang))}`);
  const text = clip([prefix, tc(lang, 'helpTitle'), ...lines].filter(Boolean).join('\n'), LIMITS.sectionText);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
