import { notice } from '../../../core/messages';
import { tPulse } from '../../../core/i18n/pulse-strings';
import type { SlackDeps } from '../deps';
import { pulseSetupModal } from '../render-forms';
import { renderMessage, renderNotice } from '../render-messages';
import { teamOf } from '../team-of';
import type { Subcommand } from './router';

/** `/kompis pulse setup | now | close | pause | resume | results`: the lead's controls of the weekly pulse. */
export function pulseCommand(deps: SlackDeps): Subcommand {
  return {
    name: 'pulse',
    describe: (lang) => tPulse(lang, 'cmdPulse'),
    run: async (input) => {
      const { lang, user } = input;
      const verb = input.args.trim().toLowerCase();
      const pulse = deps.pulse;
      const team = await teamOf(deps, input.client!, input.channel, user, lang);
      if (!pulse) return renderNotice(notice(lang, 'info', [tPulse(lang, 'noPulse')]));
      if (verb === 'setup') {
        if (!input.client || !input.triggerId) throw new Error('/kompis pulse setup needs a trigger id to open its form');
        await input.client.views.open({ trigger_id: input.triggerId, view: pulseSetupModal(lang, team?.channel ?? input.channel, user, team) });
        return undefined;
      }
      if (!team) return renderNotice(notice(lang, 'info', [tPulse(lang, 'noPulse')]));
      switch (verb) {
        case 'now':
          return renderNotice(await pulse.openNow(team, user, lang));
        case 'close':
          return renderNotice(await pulse.closeNow(team, user, lang));
        case 'pause':
        case 'resume':
          return renderNotice(await pulse.setPaused(team, user, verb === 'pause', lang));
        case 'results':
          return renderMessage(await pulse.results(team, user, lang));
        default:
          return renderNotice(notice(lang, 'info', [tPulse(lang, 'usage')]));
      }
    },
  };
}
