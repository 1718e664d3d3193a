import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import { HttpError, type TurnContext } from '@microsoft/agents-hosting';
import type { Answer } from '../../core/answers/answer';
import type { AnswerEvent } from '../../core/answers/service';
import type { AnswerView, Posted, Reply, StreamHooks } from '../../core/conversation/events';
import { tt } from './strings';
import type { Lang } from '../../core/lang';
import type { Logger } from '../../core/ports';
import { describeError } from './errors';
import { renderAnswer, renderApology } from './render-answer';
import { streamAnswer } from './stream-answer';
import { keepTyping } from './typing';

/** What Teams answers an update of a message it no longer has. */
const GONE = new Set([403, 404]);

/** Runs `work` in a new turn of a conversation, after the turn that gave its reference has ended. */
export type ContinueLater = (ref: ConversationReference, work: (context: TurnContext) => Promise<void>) => Promise<void>;

export interface TeamsReplyOptions {
  lang: Lang;
  /** Personal chats stream the answer; channels and group chats get it whole. */
  streams: boolean;
  typingEveryMs: number;
  streamDelayMs?: number;
  logger: Logger;
}

/**
 * How one Teams question is answered: "typing…" while it is worked out, the answer streamed (an
 * informative update, the text, the final message) or sent whole, an apology when it failed. When
 * the turn has to end first (Bot Service waits on it), what is still to come goes in a turn of its own.
 */
export class TeamsReply implements Reply {
  readonly signOfLifeAfterMs = 0;
  readonly stream?: Reply['stream'];
  /** The typing indicator being kept up, as it starts: its stop function once it has. */
  private typing: Promise<() => Promise<void>> | undefined;
  private later: Promise<TurnContext> | undefined;

  constructor(
    private readonly context: TurnContext,
    private readonly opts: TeamsReplyOptions,
  ) {
    if (opts.streams) this.stream = (events, hooks) => this.streamed(events, hooks);
  }

  async signOfLife(_lang: Lang, streaming: boolean): Promise<void> {
    // a streamed answer shows its informative update instead
    if (streaming) return;
    this.typing = this.target().then((context) => keepTyping(context, this.opts.typingEveryMs, this.opts.logger));
    await this.typing;
  }

  async whole(view: AnswerView): Promise<Posted> {
    const sent = await this.send(renderAnswer(view.answer, view.curators ? { curators: view.curators } : {}));
    return sent?.id ? { messageId: sent.id, messages: [sent.id] } : {};
  }

  /**
   * The answer to an edited question in place of the one before (Teams keeps the message's id, so
   * its 👍/👎 stay with it); undefined when Teams no longer has that message (someone deleted it).
   */
  async replace(view: AnswerView, [id]: string[]): Promise<Posted | undefined> {
    const activity = renderAnswer(view.answer, view.curators ? { curators: view.curators } : {});
    activity.id = id;
    await this.endTyping();
    try {
      await (await this.target()).updateActivity(activity);
    } catch (err) {
      if (err instanceof HttpError && GONE.has(err.status)) return undefined;
      throw err;
    }
    return { messageId: id!, messages: [id!] };
  }

  async apologise(text: string): Promise<void> {
    await this.send(renderApology(text, this.opts.lang));
  }

  /**
   * The turn is over before the answer: the typing goes on in a turn of its own, where the answer
   * (or the apology) is sent once `handled` has produced it.
   */
  continueAfterTurn(continueLater: ContinueLater, handled: Promise<void>): void {
    let resume: (context: TurnContext) => void = () => undefined;
    let fail: (err: unknown) => void = () => undefined;
    this.later = new Promise((resolve, reject) => ((resume = resolve), (fail = reject)));
    // nobody may be waiting for the turn yet: its failure is reported to whoever sends through it
    this.later.catch(() => undefined);
    const ref = this.context.activity.getConversationReference();
    void (async () => {
      await this.endTyping();
      await continueLater(ref, async (later) => {
        this.typing = keepTyping(later, this.opts.typingEveryMs, this.opts.logger);
        await this.typing;
        resume(later);
        await handled;
        await this.endTyping();
      });
    })().catch((err: unknown) => {
      // a turn that never opened leaves no answer waiting for it: the sender hears of the failure
      fail(err);
      this.opts.logger.error(describeError(err), 'Teams answer after the turn could not be sent');
    });
  }

  private async streamed(events: AsyncIterable<AnswerEvent>, hooks: StreamHooks): Promise<Posted & { answer: Answer }> {
    const { answer, messageId } = await streamAnswer(this.context, events, {
      informative: tt(this.opts.lang, 'searching'),
      final: async (a) => {
        const view = await hooks.view(a);
        return renderAnswer(view.answer, view.curators ? { curators: view.curators } : {});
      },
      ...(this.opts.streamDelayMs !== undefined ? { delayMs: this.opts.streamDelayMs } : {}),
      logger: this.opts.logger,
    });
    return { answer, ...(messageId ? { messageId, messages: [messageId] } : {}) };
  }

  private async send(activity: Activity): Promise<{ id?: string } | undefined> {
    await this.endTyping();
    return (await this.target()).sendActivity(activity);
  }

  private async endTyping(): Promise<void> {
    const typing = this.typing;
    this.typing = undefined;
    await (await typing)?.();
  }

  private target(): Promise<TurnContext> {
    return this.later ?? Promise.resolve(this.context);
  }
}
