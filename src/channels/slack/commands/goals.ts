import { parseProgress } from '../../../core/goals/service';
import { notice } from '../../../core/messages';
import { tGoal } from '../../../core/i18n/goal-strings';
import type { SlackDeps } from '../deps';
import { clip } from '../mrkdwn';
import { goalModal } from '../render-forms';
import { renderGoalList, renderNotice } from '../render-messages';
import { teamOf } from '../team-of';
import type { CommandInput, Subcommand } from './router';

/** `/kompis goals`: the team's goals with progress bars and a "Log progress" button each. */
export function goalsCommand(deps: SlackDeps): Subcommand {
  return {
    name: 'goals',
    describe: (lang) => tGoal(lang, 'cmdGoals'),
    run: async (input) => {
      const team = await teamOf(deps, input.client!, input.channel, input.user, input.lang);
      if (!team || !deps.goals) return renderNotice(notice(input.lang, 'info', [tGoal(input.lang, 'notInTeam')]));
      return renderGoalList(await deps.goals.list(team, input.lang));
    },
  };
}

/** `/kompis goal new` opens the form; `/kompis goal progress <goal> <value>` logs progress. */
export function goalCommand(deps: SlackDeps): Subcommand {
  return {
    name: 'goal',
    describe: (lang) => tGoal(lang, 'cmdGoal'),
    run: async (input) => {
      const [verb = '', ...rest] = input.args.trim().split(/\s+/);
      const say = (key: Parameters<typeof tGoal>[1], tone: 'info' | 'warning' = 'info', vars?: Record<string, string>) => renderNotice(notice(input.lang, tone, [tGoal(input.lang, key, vars)]));
      const team = await teamOf(deps, input.client!, input.channel, input.user, input.lang);
      if (!team || !deps.goals) return say('notInTeam');
      if (verb.toLowerCase() === 'new') return openGoalForm(input, team.id, team.channel);
      if (verb.toLowerCase() === 'progress') {
        const amount = rest.length >= 2 ? parseProgress(rest[rest.length - 1]!) : undefined;
        if (!amount) return say('progressUsage', 'warning');
        const ref = rest.slice(0, -1).join(' ');
        const goal = await deps.goals.resolve(team.id, ref);
        if (!goal) return say('unknownGoal', 'warning', { ref: clip(ref, 60) });
        const result = await deps.goals.progress(goal.id, amount, { source: 'slack', actor: input.user }, input.lang);
        return renderNotice(result.reply);
      }
      return say('goalUsage');
    },
  };
}

async function openGoalForm(input: CommandInput, team: string, channel: string): Promise<undefined> {
  if (!input.client || !input.triggerId) throw new Error('/kompis goal new needs a trigger id to open its form');
  await input.client.views.open({ trigger_id: input.triggerId, view: goalModal(input.lang, { team, channel }, input.user) });
  return undefined;
}
