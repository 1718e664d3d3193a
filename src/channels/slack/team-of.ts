import type { webApi } from '@slack/bolt';
import type { Lang } from '../../core/lang';
import type { TeamRecord } from '../../core/storage/records';
import type { SlackDeps } from './deps';

/** A Slack team is its channel: `slack:<channel id>`. */
export const slackTeamId = (channel: string) => `slack:${channel}`;

/** A DM is no team's channel. */
export const isDirect = (channel: string) => channel.startsWith('D');

/**
 * The team a command is about: the channel it was run in (made known on first use), or, in a DM,
 * the team the person last used Kompis in.
 */
export async function teamOf(deps: SlackDeps, client: webApi.WebClient, channel: string, user: string, lang: Lang): Promise<TeamRecord | undefined> {
  const goals = deps.goals;
  if (!goals) return undefined;
  if (isDirect(channel)) {
    const id = await deps.people?.teamOfUser(user);
    return id ? goals.team(id) : undefined;
  }
  const team = await channelTeam(goals, client, channel, lang);
  await deps.people?.setUserTeam(user, team.id);
  return team;
}

/** The team of a channel, made known (with the channel's name) the first time it is used. */
export async function channelTeam(goals: NonNullable<SlackDeps['goals']>, client: webApi.WebClient, channel: string, lang: Lang): Promise<TeamRecord> {
  const known = await goals.team(slackTeamId(channel));
  if (known) return known;
  const name = await client.conversations
    .info({ channel })
    .then((r) => r.channel?.name)
    .catch(() => undefined);
  return goals.ensureTeam({ id: slackTeamId(channel), platform: 'slack', channel, lang, ...(name ? { name: `#${name}` } : {}) });
}
