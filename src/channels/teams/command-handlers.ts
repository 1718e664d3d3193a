import { z } from 'zod';
import { runCommand as run, type Command, type CommandReply } from '../../core/commands';
import { goalForm, pulseSetupForm } from '../../core/forms';
import { tGoal } from '../../core/i18n/goal-strings';
import { notice } from '../../core/messages';
import { connectorOf, type TeamsDirectory } from './directory';
import { MentionEntity } from './payloads';
import { sideBySide, typedText } from './question';
import { renderFormCard } from './render-form';
import { knownTeam, langOf, registerTeam, reply, type CommandDeps, type Turn } from './turn';

/** A mention entity in an incoming message: Teams puts the person's Teams user id (29:…) in it. */
const MemberAccount = z.looseObject({ aadObjectId: z.string().min(1), name: z.string().optional() });

/** The `<at>…</at>` texts of everyone mentioned in the message but Kompis. */
export function otherMentions(turn: Turn): z.infer<typeof MentionEntity>[] {
  const bot = turn.message.recipient.id;
  const mentions = (turn.context.activity.entities ?? []).flatMap((e) => {
    const m = MentionEntity.safeParse(e);
    return m.success && m.data.mentioned.id !== bot ? [m.data] : [];
  });
  // Teams may write a mention of a name with spaces a part at a time ("<at>Ola</at> <at>Hansen</at>"),
  // each part an entity of the same person: parts that stand side by side in the message are one
  // mention, their texts in order (the same person mentioned twice, apart, is mentioned twice)
  const text = typedText(turn.context.activity);
  return mentions.reduce<z.infer<typeof MentionEntity>[]>((merged, m) => {
    const last = merged.at(-1);
    const joined = last && `${last.text} ${m.text}`;
    if (last?.mentioned.id === m.mentioned.id && joined && sideBySide(joined).test(text)) merged[merged.length - 1] = { ...last, text: joined };
    else merged.push(m);
    return merged;
  }, []);
}

/** Runs a command read by `parseCommand` through core, and renders what core answers. */
export async function runCommand(command: Command, turn: Turn, deps: CommandDeps, directory: TeamsDirectory): Promise<void> {
  const lang = langOf(turn, await knownTeam(turn, deps), deps.defaultLang);
  const answer = await run(
    command,
    // the conversation becomes a team only for a command about one (help and unanswered leave it be)
    {
      user: turn.user,
      lang,
      source: 'teams',
      prefix: '',
      team: () => registerTeam(turn, deps),
      person: (ref) => mentionedPerson(turn, ref, directory),
      // a reply in a channel or a group chat is read by everyone in it
      privately: turn.message.conversation.conversationType === 'personal',
    },
    { ...(deps.goals ? { goals: deps.goals } : {}), ...(deps.pulse ? { pulse: deps.pulse } : {}), curation: deps.conversation },
  );
  return renderReply(answer, turn, directory);
}

async function renderReply(answer: CommandReply, turn: Turn, directory: TeamsDirectory): Promise<void> {
  if (answer.kind !== 'form') return reply(turn, answer, directory);
  if (answer.form === 'goal-new') {
    await turn.context.sendActivity(renderFormCard(goalForm(answer.lang, turn.user)));
    return;
  }
  // the setup card is sent in the team's conversation: outside one there is no team to set up
  const team = answer.team;
  if (!team) return reply(turn, notice(answer.lang, 'info', [tGoal(answer.lang, 'notInTeam')]), directory);
  if (team.leads.length > 0) await directory.resolve(turn.context, team.leads).catch(() => undefined);
  await turn.context.sendActivity(renderFormCard(pulseSetupForm(answer.lang, { asker: turn.user, team }), directory.nameOf));
}

/**
 * The person behind a mention (its index among the message's other mentions), by Entra object id:
 * the entity carries only the Teams user id, so the member is looked up in this conversation
 * (GET /v3/conversations/{id}/members/{userId}).
 */
async function mentionedPerson(turn: Turn, ref: string, directory: TeamsDirectory): Promise<{ id: string; name?: string } | undefined> {
  const entity = otherMentions(turn)[Number(ref)];
  if (!entity || !/^\d+$/.test(ref)) return undefined;
  try {
    const member = MemberAccount.safeParse(await connectorOf(turn.context).getConversationMember(encodeURIComponent(entity.mentioned.id), encodeURIComponent(turn.conversationId)));
    if (!member.success) return undefined;
    const name = member.data.name ?? entity.mentioned.name;
    directory.remember(member.data.aadObjectId, name);
    return { id: member.data.aadObjectId, ...(name ? { name } : {}) };
  } catch {
    return undefined;
  }
}
