import { Activity, ActivityTypes, type ConversationReference } from '@microsoft/agents-activity';
import { ActivityHandler, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import type { Answer } from '../../core/answers/answer';
import type { AnswerEvent, AskOptions } from '../../core/answers/service';
import { tt } from './strings';
import type { Lang } from '../../core/lang';
import type { Logger } from '../../core/ports';
import { readyWithin } from '../../core/ready-within';
import type { ChannelBookkeeping, CurationStore } from '../../core/storage/ports';
import type { GoalService } from '../../core/goals/service';
import type { PulseService } from '../../core/pulse/service';
import { otherMentions, runCommand } from './command-handlers';
import { parseCommand } from './commands';
import { conversationKey, type TeamsConversations } from './conversations';
import { TeamsDirectory } from './directory';
import { isCardSubmit, runSubmit } from './submit-handlers';
import { turnOf } from './turn';
import { describeError } from './errors';
import { FeedbackInvoke, feedbackText, IncomingMessage, langFromLocale, StoredReference } from './payloads';
import { renderAnswer, renderApology, type CuratorNote } from './render-answer';
import { teamsQuestion } from './question';
import { streamAnswer } from './stream-answer';
import { keepTyping } from './typing';

/** The answering core as Teams uses it. */
export interface Asker {
  ask(question: string, opts?: AskOptions): Promise<Answer>;
  /** True when a model writes the answers: personal chats then get them streamed (`askStream`). */
  readonly streams?: boolean;
  askStream?(question: string, opts?: AskOptions): AsyncIterable<AnswerEvent>;
}

export interface TeamsDeps {
  answers: Asker;
  /** Goals and kudos; without them the goal commands say they are not configured. */
  goals?: GoalService;
  /** The weekly pulse; without it the pulse commands say it is not configured. */
  pulse?: PulseService;
  curation: Pick<CurationStore, 'recordFeedback' | 'addUnanswered' | 'rememberCited' | 'citedBy' | 'listOpenUnanswered'>;
  /** Remembers the activities handled, so one delivered again (a retry, a replay) runs once on every replica. */
  seen?: Pick<ChannelBookkeeping, 'markEventSeen'>;
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
  /** Counters on /metrics: each answer, by channel, mode and time taken. */
  metrics?: { answered(channel: string, answer: Answer, seconds: number): void };
  /** The pause after each streaming update (Teams takes about one a second; the SDK's default). */
  streamDelayMs?: number;
}

/** Runs `work` in a new turn of a conversation, after the turn that gave its reference has ended. */
export type ContinueLater = (ref: ConversationReference, work: (context: TurnContext) => Promise<void>) => Promise<void>;

const ANSWER_IN_TURN_MS = 10_000;
/** How long the passages an answer cited are kept for its 👍/👎. */
const CITED_TTL_SECONDS = 30 * 24 * 3600;

/** One Teams answer message, as its feedback is stored. */
const answerIdOf = (conversationId: string, messageId: string) => `teams:${conversationId}:${messageId}`;
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
      if (await this.firstDelivery(context)) {
        if (!(await this.command(context))) await this.answer(context);
      }
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const added = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (added) {
        await this.remember(context);
        if (context.activity.conversation?.conversationType === 'personal') {
          await context.sendActivity(Activity.fromObject({ type: ActivityTypes.Message, text: tt(this.langOf(context), 'welcome') }));
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
    const { conversation, replyToId, value } = parsed.data;
    const reason = feedbackText(value.actionValue.feedback);
    const answerId = answerIdOf(conversation.id, replyToId);
    try {
      await this.deps.curation.recordFeedback({
        answerId,
        vote: value.actionValue.reaction === 'like' ? 'up' : 'down',
        ...(reason ? { reason } : {}),
        // Teams names only the message: the passages it cited were kept when it was sent
        passageIds: (await this.deps.curation.citedBy(answerId)) ?? [],
        lang: this.langOf(context),
        at: new Date().toISOString(),
      });
    } catch (err) {
      // Teams tells the user the feedback did not go through when the invoke fails
      this.deps.logger.error(describeError(err), 'Teams feedback could not be stored');
      return { status: 500 };
    }
    return { status: 200 };
  }

  /**
   * A card's submit, or one of the typed commands (`goals`, `goal new`, `pulse now`, …): handled
   * here and true. Anything else is a question for `answer`.
   */
  private async command(context: TurnContext): Promise<boolean> {
    const { value, text } = context.activity;
    const submit = isCardSubmit(value) && !text?.trim();
    const turn = turnOf(context, this.directory);
    if (submit && turn) {
      await runSubmit(value, turn, this.deps, this.directory);
      return true;
    }
    if (!turn || !text) return false;
    const withoutBot = Activity.fromObject({ ...context.activity, text }).removeRecipientMention() || text;
    const parsed = parseCommand(withoutBot, otherMentions(turn).map((m) => m.text));
    if (!parsed) return false;
    await runCommand(parsed, turn, this.deps, this.directory);
    return true;
  }

  /**
   * Answers the question, in the turn when the answer is ready within `answerInTurnMs`; otherwise
   * the turn ends (Bot Service is waiting on it) and the answer follows as a reply in a turn of its
   * own, with the typing indicator kept up meanwhile.
   */
  private async answer(context: TurnContext): Promise<void> {
    const started = performance.now();
    const message = IncomingMessage.parse(context.activity);
    // the bot's own @mention is not part of the question, nor the people named in front of it
    context.activity.removeRecipientMention();
    const question = teamsQuestion(context.activity.text ?? '');
    const hint = langFromLocale(message.locale) ?? this.deps.defaultLang;
    const typingEvery = this.deps.typingEveryMs ?? 3000;
    const { answers } = this.deps;
    // Teams streams in personal chats only; channels and group chats get the whole answer at once
    if (answers.streams && answers.askStream && message.conversation.conversationType === 'personal') {
      const { answer, messageId } = await streamAnswer(context, answers.askStream(question, { hint }), {
        informative: tt(hint, 'searching'),
        final: (answer) => this.render(answer, message),
        ...(this.deps.streamDelayMs !== undefined ? { delayMs: this.deps.streamDelayMs } : {}),
        logger: this.deps.logger,
      });
      this.count(answer, started);
      await this.rememberCited(message, messageId, answer);
      return;
    }

    const stopTyping = await keepTyping(context, typingEvery, this.deps.logger);
    const answering = this.deps.answers.ask(question, { hint });
    let early: { value: Answer } | undefined;
    try {
      early = await readyWithin(answering, this.deps.answerInTurnMs ?? ANSWER_IN_TURN_MS);
    } finally {
      await stopTyping();
    }
    if (early) return this.reply(context, early.value, message, started);

    const lang = this.langOf(context);
    const ref = context.activity.getConversationReference();
    void this.continueLater(ref, async (later) => {
      const stop = await keepTyping(later, typingEvery, this.deps.logger);
      let answer: Answer;
      try {
        answer = await answering;
      } finally {
        await stop();
      }
      await this.reply(later, answer, message, started);
    }).catch(async (err: unknown) => {
      this.deps.logger.error({ ...describeError(err), activity: 'message' }, 'Teams answer after the turn failed');
      await this.continueLater(ref, async (later) => void (await later.sendActivity(renderApology(lang)))).catch((again: unknown) => this.deps.logger.error(describeError(again), 'Teams apology could not be sent'));
    });
  }

  private async reply(context: TurnContext, answer: Answer, message: IncomingMessage, started: number): Promise<void> {
    const sent = await context.sendActivity(await this.render(answer, message));
    this.count(answer, started);
    await this.rememberCited(message, sent?.id, answer);
  }

  /** Keeps the passages an answer cited, so 👍/👎 on it (which names only the message) is stored with them. */
  private async rememberCited(message: IncomingMessage, messageId: string | undefined, answer: Answer): Promise<void> {
    if (!messageId || answer.citations.length === 0) return;
    try {
      await this.deps.curation.rememberCited(answerIdOf(message.conversation.id, messageId), answer.citations.map((c) => c.id), CITED_TTL_SECONDS);
    } catch (err) {
      // the agent has the answer; feedback on it will lack the passages, and the log says so
      this.deps.logger.warn(describeError(err), 'the passages of a Teams answer could not be kept for its feedback');
    }
  }

  private count(answer: Answer, started: number): void {
    this.deps.metrics?.answered('teams', answer, (performance.now() - started) / 1000);
  }

  /** The answer as Teams shows it; an abstention is put on the curators' list first, so it can say so. */
  private async render(answer: Answer, message: IncomingMessage): Promise<Activity> {
    let curators: CuratorNote | undefined;
    if (answer.abstained && answer.offerCurators) curators = await this.noteForCurators(answer, message);
    return renderAnswer(answer, curators ? { curators } : {});
  }

  private async noteForCurators(answer: Answer, message: IncomingMessage): Promise<CuratorNote> {
    try {
      // where to reply, never who asked: the store keeps no asker ids with unanswered questions
      await this.deps.curation.addUnanswered({ question: answer.question, lang: answer.lang, askedAt: new Date().toISOString(), channel: conversationKey.conversation(message.conversation.id) });
      return 'noted';
    } catch (err) {
      this.deps.logger.error(describeError(err), 'unanswered Teams question could not be stored for the curators');
      return 'store_down';
    }
  }

  /**
   * True the first time this activity arrives: Teams gives each message and card submit an id of its
   * own, so the same id again is the same request delivered again. While the store is down it runs.
   */
  private async firstDelivery(context: TurnContext): Promise<boolean> {
    const { id, conversation } = context.activity;
    if (!this.deps.seen || !id || !conversation?.id) return true;
    try {
      if (await this.deps.seen.markEventSeen(`teams:activity:${conversation.id}:${id}`, REPLAY_TTL_SECONDS)) return true;
      this.deps.logger.info({ activity: 'message' }, 'Teams activity seen before: not run again');
      return false;
    } catch (err) {
      this.deps.logger.warn(describeError(err), 'could not check whether this Teams activity was seen before; running it');
      return true;
    }
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

  private langOf(context: TurnContext): Lang {
    return langFromLocale(context.activity.locale) ?? this.deps.defaultLang;
  }
}
