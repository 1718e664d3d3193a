import type { TurnContext } from '@microsoft/agents-hosting';
import type { CuratorsList } from '../../core/commands/lists';
import type { GoalService } from '../../core/goals/service';
import { type Lang, langFromLocale } from '../../core/lang';
import type { NoticeMessage, OutMessage } from '../../core/messages';
import type { PulseService } from '../../core/pulse/service';
import type { TeamRecord } from '../../core/storage/records';
import { conversationIdOf, conversationKey, type TeamsConversations } from './conversations';
import { connectorOf, type TeamsDirectory } from './directory';
import { IncomingMessage, StoredReference, TeamDetails } from './payloads';
import { renderMessage, unnamedPeople } from './render-messages';

/** What the command and form handlers need from the Teams deps. */
export interface CommandDeps {
  goals?: GoalService;
  pulse?: PulseService;
  /** For `unanswered`: the curators' list. */
  conversation: CuratorsList;
  conversations: TeamsConversations;
  defaultLang: Lang;
}

/** One incoming message as the handlers see it: who (by Entra object id), where, in which language. */
export interface Turn {
  context: TurnContext;
  message: IncomingMessage;
  user: { id: string; name?: string };
  /** The conversation without a channel thread's `;messageid=`. */
  conversationId: string;
  /** A channel or group chat: a conversation that can be a team. */
  shared: boolean;
  /** The activity's own language, when Teams sent a locale we speak. */
  localeLang?: Lang;
}

/** The Kompis team id of a Teams channel or group chat. */
export const teamIdOf = (conversationId: string) => `teams:${conversationId}`;

/** The turn, or undefined for a sender without an Entra object id (not a person in a tenant). */
export function turnOf(context: TurnContext, directory: TeamsDirectory): Turn | undefined {
  const parsed = IncomingMessage.safeParse(context.activity);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  const id = message.from.aadObjectId;
  if (!id) return undefined;
  directory.remember(id, message.from.name);
  const localeLang = langFromLocale(message.locale);
  return {
    context,
    message,
    user: { id, ...(message.from.name ? { name: message.from.name } : {}) },
    conversationId: conversationIdOf(message.conversation.id),
    shared: message.conversation.conversationType !== 'personal',
    ...(localeLang ? { localeLang } : {}),
  };
}

/** The reader's language: the activity's locale, else the team's, else the deployment's default. */
export function langOf(turn: Turn, team: TeamRecord | undefined, fallback: Lang): Lang {
  return turn.localeLang ?? team?.lang ?? fallback;
}

/**
 * The team of a channel or group chat, made known the first time a command is used there, with
 * the conversation's reference saved under its key so the team's channel can be posted to later.
 */
export async function registerTeam(turn: Turn, deps: CommandDeps): Promise<TeamRecord | undefined> {
  if (!turn.shared || !deps.goals) return undefined;
  const id = teamIdOf(turn.conversationId);
  const existing = await deps.goals.team(id);
  if (existing) return existing;
  const key = conversationKey.conversation(turn.conversationId);
  if (!(await deps.conversations.get(key))) {
    // the channel itself, not the thread the command was written in: new posts start their own thread
    const ref = StoredReference.parse(turn.context.activity.getConversationReference());
    const channelRef: StoredReference = { ...ref, conversation: { ...ref.conversation, id: turn.conversationId } };
    delete channelRef.activityId;
    await deps.conversations.save([key], channelRef);
  }
  const name = await conversationName(turn);
  return deps.goals.ensureTeam({ id, platform: 'teams', channel: key, lang: turn.localeLang ?? deps.defaultLang, ...(name ? { name } : {}) });
}

/**
 * What people call this conversation, for what Kompis posts about the team (the pulse summary's
 * title): the team's name as the activity or the connector (GET /v3/teams/{id}) gives it, else a
 * group chat's topic. Undefined when Teams names none.
 */
async function conversationName(turn: Turn): Promise<string | undefined> {
  const { channelData, conversation } = turn.message;
  const given = channelData?.team?.name ?? conversation.name;
  if (given?.trim()) return given.trim().slice(0, 100);
  const teamId = channelData?.team?.id;
  if (!teamId) return undefined;
  try {
    const res = await connectorOf(turn.context).httpClient.get(`/v3/teams/${encodeURIComponent(teamId)}`);
    return TeamDetails.parse(res.data).name?.trim().slice(0, 100) || undefined;
  } catch {
    return undefined; // the name is a courtesy: the team is made known without it
  }
}

/** The team of this conversation when it is known already. */
export async function knownTeam(turn: Turn, deps: CommandDeps): Promise<TeamRecord | undefined> {
  return turn.shared && deps.goals ? deps.goals.team(teamIdOf(turn.conversationId)) : undefined;
}

/** Replies in the conversation (in a channel: in the thread), naming the people the message mentions. */
export async function reply(turn: Turn, message: OutMessage | NoticeMessage, directory: TeamsDirectory): Promise<void> {
  const unnamed = unnamedPeople(message);
  if (unnamed.length > 0) await directory.resolve(turn.context, unnamed);
  await turn.context.sendActivity(renderMessage(message, directory.nameOf));
}
