import type { types } from '@slack/bolt';
import { tPulse } from '../../core/i18n/pulse-strings';
import type { Lang } from '../../core/lang';
import type { GoalListMessage } from '../../core/messages';
import type { TeamRecord } from '../../core/storage/records';
import { escapeMrkdwn } from './mrkdwn';
import { LIMITS } from './render-answer';
import { renderGoalList } from './render-messages';

/** The Home tab: the person's team's goals with progress, and for its leads the pulse's state. */
export function renderHome(lang: Lang, team: TeamRecord | undefined, goals: GoalListMessage | undefined, pulse: string[] | undefined): types.HomeView {
  const blocks: types.KnownBlock[] = [];
  if (!team || !goals) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(tPulse(lang, 'homeNoTeam')) } });
    return { type: 'home', blocks };
  }
  if (team.name) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(team.name) }] });
  const after: types.KnownBlock[] = [];
  if (pulse) {
    after.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: tPulse(lang, 'homePulse') } });
    after.push({ type: 'section', text: { type: 'mrkdwn', text: pulse.map(escapeMrkdwn).join('\n') } });
  }
  // the goals take what the tab's blocks leave
  blocks.push(...renderGoalList(goals, LIMITS.blocksPerView - blocks.length - after.length).blocks, ...after);
  return { type: 'home', blocks };
}
