import type { types } from '@slack/bolt';
import { tPulse } from '../../core/i18n/pulse-strings';
import type { Lang } from '../../core/lang';
import type { GoalListMessage } from '../../core/messages';
import type { TeamRecord } from '../../core/storage/records';
import { escapeMrkdwn } from './mrkdwn';
import { renderGoalList } from './render-messages';

/** The Home tab: the person's team's goals with progress, and for its leads the pulse's state. */
export function renderHome(lang: Lang, team: TeamRecord | undefined, goals: GoalListMessage | undefined, pulse: string[] | undefined): types.HomeView {
  const blocks: types.KnownBlock[] = [];
  if (!team || !goals) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(tPulse(lang, 'homeNoTeam')) } });
    return { type: 'home', blocks };
  }
  if (team.name) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(team.name) }] });
  blocks.push(...renderGoalList(goals).blocks);
  if (pulse) {
    blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: tPulse(lang, 'homePulse') } });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: pulse.map(escapeMrkdwn).join('\n') } });
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
