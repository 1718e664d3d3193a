import { randomUUID } from 'node:crypto';
import { ActionTypes, Activity, ActivityTypes } from '@microsoft/agents-activity';
import { ActivityHandler, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import type { ConversationService } from '../../core/conversation/service';
import { tt } from './strings';
import { type Lang, langFromLocale } from '../../core/lang';
import type { Logger } from '../../core/ports';
import { readyWithin } from '../../core/ready-within';
import type { GoalService } from '../../core/goals/service';
import type { PulseService } from '../../core/pulse/service';
import { suggestionsFor, type Suggestions } from '../../core/knowledge/suggestions';
import { otherMentions, runCommand } from './command-handlers';
import { parseCommand } from './commands';
import { conversationKey, threadIdOf, type TeamsConversations } from './conversations';
import { TeamsDirectory } from './directory';
import { isCardSubmit, runSubmit } from './submit-handlers';
import { turnOf } from './turn';
import { FeedbackInvoke, feedbackText, IncomingMessage, StoredReference } from './payloads';
import { teamsQuestion, typedText } from './question';
import { TeamsReply, type ContinueLater } from './reply';
import type { BackoffOptions } from './retry';

export type { ContinueLater } from './reply';

export interface TeamsDeps {
  /** Questions, feedback and the curators' list: the flow every channel shares. */
  conversation: ConversationService;
  /** Goals and kudos; without them the goal commands say they are not configured. */
  goals?: GoalService;
  /** The weekly pulse; without it the pulse commands say it is not configured. */
  pulse?: PulseService;
  conversations: TeamsConversations;
  logger: Logger;
  defaultLang: Lang;
  /** How often the typing indicator is renewed while an answer is worked out (Teams shows one for about 3 s). */
  typingEveryMs?: number;
  /**
   * How long an answer may take and still go out in the turn that asked. Bot Service gives a turn
   * about 15 s; a slower answer (a model near its timeout) is sent afterwards as a reply of its own.
   */
  answerInTurnMs?: number;
  /** The pause after each streaming update (Teams takes about one a second; the SDK's default). */
  streamDelayMs?: number;
  /** How a reply waits out Teams' rate limit and passing failures before it gives up; tests shorten it. */
  backoff?: BackoffOptions;
  /** The questions offered with the welcome: the store's `_suggestions.yaml`, else built-in ones. */
  suggestions?: Suggestions;
}

const ANSWER_IN_TURN_MS = 10_000;
/** Teams shows the first three suggested actions of a message. */
const TEAMS_SUGGESTED_ACTIONS = 3;
/** Bot Service's tokens live an hour: a replayed activity is remembered longer than that. */
const REPLAY_TTL_SECONDS = 2 * 3600;

/**
 * Kompis in Teams: questions in personal chat, group chat and channels (where Teams only delivers
 * messages that @mention the bot), Teams' feedback buttons, and the conversation references that
 * let pulse check-ins and celebrations be sent later. Each handler is thin: parse, call core,
 * render, send. A thrown error ends in the adapter's one error handler, which replies.
 */
export class KompisTeamsAgent extends ActivityHandler {
  constructor(
    private readonly deps: TeamsDeps,
    private readonly directory: TeamsDirectory,
    private readonly continueLater: ContinueLater,
  ) {
    super();
    this.onMessage(async (context, next) => {
      if (!(await this.command(context))) await this.answer(context);
      await next();
    });
    // a person's edit of a message (Teams sends the message as it now reads, with its own id): the
    // answer to a question is replaced by the answer to it as edited, and a question Kompis had not
    // answered as written (Kompis's mention added, or missed) is answered; a command is run as written, not as edited
    this.onMessageUpdate(async (context, next) => {
      if (isPersonsEdit(context.activity.channelData) && context.activity.text?.trim() && !(await this.isCommand(context))) await this.answer(context, true);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const added = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (added) {
        await this.remember(context);
        if (context.activity.conversation?.conversationType === 'personal') {
          await context.sendActivity(this.welcome(context));
        }
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await next();
    });
  }

  /** Teams' 👍/👎 arrive as a `message/submitAction` invoke; the SDK's handler does not know it. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'message/submitAction') return super.onInvokeActivity(context);
    const parsed = FeedbackInvoke.safeParse(context.activity);
    if (!parsed.success) {
      this.deps.logger.warn({ issues: parsed.error.issues.length }, 'Teams feedback invoke not understood');
      return { status: 400 };
    }
    const { conversation, replyToId, value, from } = parsed.data;
    const reason = feedbackText(value.actionValue.feedback);
    const stored = await this.deps.conversation.feedback({
      platform: 'teams',
      conversation: conversation.id,
      // Teams names only the message: the passages it cited were kept when it was sent
      message: replyToId,
      ...(from ? { voter: from.aadObjectId ?? from.id } : {}),
      vote: value.actionValue.reaction === 'like' ? 'up' : 'down',
      ...(reason ? { reason } : {}),
      lang: this.langOf(context),
    });
    // Teams tells the user the feedback did not go through when the invoke fails
    return { status: stored === 'stored' ? 200 : 500 };
  }

  /**
   * A card's submit, or one of the typed commands (`goals`, `goal new`, `pulse now`, …): handled
   * here, once however often it is delivered, and true. Anything else is a question for `answer`.
   */
  private async command(context: TurnContext): Promise<boolean> {
    const { value, text } = context.activity;
    const submit = isCardSubmit(value) && !text?.trim();
    const turn = turnOf(context, this.directory);
    if (submit && turn) {
      if (await this.firstDelivery(context)) await runSubmit(value, turn, this.deps, this.directory);
      return true;
    }
    if (!text) return false;
    const parsed = parseCommand(typedText(context.activity), turn ? otherMentions(turn).map((m) => m.text) : []);
    if (!parsed) return false;
    if (!(await this.firstDelivery(context))) return true;
    // a sender with no work account (the Web Chat test of a bot resource, an emulator): a command
    // cannot know who runs it, and is no question for the curators either
    if (turn) await runCommand(parsed, turn, this.deps, this.directory);
    else await context.sendActivity(tt(this.langOf(context), 'commandsNeedTeams'));
    return true;
  }

  /**
   * Answers the question through the conversation service: in the turn when the answer is ready
   * within `answerInTurnMs`; otherwise the turn ends (Bot Service is waiting on it) and the answer
   * follows in a turn of its own, with the typing indicator kept up meanwhile. A streamed answer
   * needs its turn, so it keeps it.
   */
  private async answer(context: TurnContext, edited = false): Promise<void> {
    const message = IncomingMessage.parse(context.activity);
    // the client's language is the question's hint; the reply's own words need one even when it says none
    const locale = langFromLocale(message.locale);
    const lang = locale ?? this.deps.defaultLang;
    const reply = new TeamsReply(context, {
      lang,
      // Teams streams in personal chats only; channels and group chats get the whole answer at once
      streams: message.conversation.conversationType === 'personal',
      typingEveryMs: this.deps.typingEveryMs ?? 3000,
      ...(this.deps.streamDelayMs !== undefined ? { streamDelayMs: this.deps.streamDelayMs } : {}),
      logger: this.deps.logger,
    });
    const thread = threadIdOf(message.conversation.id);
    const question = {
      platform: 'teams',
      conversation: message.conversation.id,
      // a follow-up in a channel thread goes on from the thread's question, whoever asks it; in a
      // personal or group chat, from the asker's own
      ...(thread ? { thread } : {}),
      asker: message.from.aadObjectId ?? message.from.id,
      // the bot's own @mention is not part of the question, nor the people named in front of it
      text: teamsQuestion(typedText(context.activity)),
      lang: locale,
      // without an id a delivery cannot be told from a repeat: it is answered
      eventId: message.id ?? randomUUID(),
      replyTo: conversationKey.conversation(message.conversation.id),
    };
    const handled = edited ? this.deps.conversation.edited(question, reply) : this.deps.conversation.question(question, reply);
    if (reply.stream || (await readyWithin(handled, this.deps.answerInTurnMs ?? ANSWER_IN_TURN_MS))) return handled;
    reply.continueAfterTurn(this.continueLater, handled);
  }

  /** Whether an edited message reads as a command: commands are run when sent, not when edited. */
  private async isCommand(context: TurnContext): Promise<boolean> {
    const turn = turnOf(context, this.directory);
    return parseCommand(typedText(context.activity), turn ? otherMentions(turn).map((m) => m.text) : []) !== undefined;
  }

  /**
   * True the first time this activity arrives: Teams gives each message and card submit an id of its
   * own, so the same id again is the same request delivered again. While the store is down it runs.
   */
  private async firstDelivery(context: TurnContext): Promise<boolean> {
    const { id, conversation } = context.activity;
    if (!id || !conversation?.id) return true;
    return this.deps.conversation.firstTime(`teams:activity:${conversation.id}:${id}`, REPLAY_TTL_SECONDS);
  }

  /** Keeps the reference under every key a later sender may know: the conversation, the user, the team. */
  private async remember(context: TurnContext): Promise<void> {
    const ref = StoredReference.parse(context.activity.getConversationReference());
    const activity = IncomingMessage.partial({ text: true }).safeParse(context.activity);
    const keys = [conversationKey.conversation(ref.conversation.id)];
    if (activity.success) {
      const { conversation, from, channelData } = activity.data;
      if (conversation.conversationType === 'personal' && from?.aadObjectId) keys.push(conversationKey.user(from.aadObjectId));
      if (channelData?.team?.id) keys.push(conversationKey.team(channelData.team.id));
    }
    await this.deps.conversations.save(keys, ref);
    this.deps.logger.info({ keys: keys.length, conversationType: ref.conversation.conversationType }, 'Teams conversation reference saved');
  }

  /**
   * The welcome in personal chat, with suggested questions as buttons that send them (Teams shows
   * the first three suggested actions, to the person named in `to`).
   */
  private welcome(context: TurnContext): Activity {
    const lang = this.langOf(context);
    const to = context.activity.from?.id;
    const actions = suggestionsFor(lang, this.deps.suggestions)
      .slice(0, TEAMS_SUGGESTED_ACTIONS)
      .map(({ title, message }) => ({ type: ActionTypes.ImBack, title, value: message }));
    return Activity.fromObject({ type: ActivityTypes.Message, text: tt(lang, 'welcome'), ...(to ? { suggestedActions: { to: [to], actions } } : {}) });
  }

  private langOf(context: TurnContext): Lang {
    return langFromLocale(context.activity.locale) ?? this.deps.defaultLang;
  }
}

/** Teams marks a person's edit of a message `editMessage`; an undelete or a soft delete comes as an update too. */
function isPersonsEdit(channelData: unknown): boolean {
  return typeof channelData === 'object' && channelData !== null && (channelData as { eventType?: unknown }).eventType === 'editMessage';
}
