import { tc } from '../../../core/i18n/slack-strings';
import type { SlackStore } from '../deps';
import { renderUnanswered } from '../render-curators';
import type { Subcommand } from './router';

const SHOWN = 20;

/** `/kompis unanswered`: the questions the knowledge store could not answer, for the curators. */
export function unansweredCommand(store: SlackStore): Subcommand {
  return {
    name: 'unanswered',
    describe: (lang) => tc(lang, 'cmdUnanswered'),
    run: async ({ lang }) => renderUnanswered(lang, await store.listUnanswered(SHOWN)),
  };
}
