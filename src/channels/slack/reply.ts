import type { webApi } from '@slack/bolt';
import type { Answer } from '../../core/answers/answer';
import type { AnswerEvent } from '../../core/answers/service';
import type { AnswerView, Posted, Reply, StreamHooks } from '../../core/conversation/events';
import { tc } from './strings';
import type { Lang } from '../../core/lang';
import type { SlackQuestion } from './answer-flow';
import type { SlackDeps } from './deps';
import { describeError, slackErrorKind, slackRefused } from './errors';
import { renderAnswer, renderApology, renderPlaceholder, type RenderAnswerOptions, type SlackMessage } from './render-answer';
import { streamAnswer } from './stream-answer';

/**
 * How one Slack question is answered: the thread status of assistant and agent threads, or a
 * placeholder that the answer then replaces; the answer streamed through Slack's chat stream, or
 * posted whole; an apology in the thread (in the placeholder, when one is showing).
 */
export class SlackReply implements Reply {
  readonly signOfLifeAfterMs: number | undefined;
  private placeholderTs: string | undefined;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly q: SlackQuestion,
    private readonly deps: Pick<SlackDeps, 'curatorChannel' | 'signOfLifeAfterMs' | 'metrics' | 'logger'>,
  ) {
    this.signOfLifeAfterMs = deps.signOfLifeAfterMs;
  }

  async signOfLife(lang: Lang): Promise<void> {
    if (this.q.setStatus) {
      await this.q.setStatus(tc(lang, 'thinking'));
      return;
    }
    const msg = renderPlaceholder(lang);
    const res = await this.client.chat.postMessage({ channel: this.q.channel, thread_ts: this.q.threadTs, text: msg.text, blocks: msg.blocks });
    this.placeholderTs = res.ts;
  }

  async whole(view: AnswerView): Promise<Posted> {
    return { messages: await this.post(renderAnswer(view.answer, this.options(view))) };
  }

  /**
   * The answer to an edited question in place of the one before, page by page: a page more than
   * before goes on in the thread, a page fewer is deleted. Undefined when Slack no longer has the
   * first page (someone deleted it): the answer is then posted anew.
   */
  async replace(view: AnswerView, messages: string[]): Promise<Posted | undefined> {
    const pages = renderAnswer(view.answer, this.options(view));
    const now: string[] = [];
    for (const [i, page] of pages.entries()) {
      const old = messages[i];
      if (old && (await this.edit(old, page, 'the answer to an edited question'))) now.push(old);
      else if (i === 0) return undefined;
      else now.push(await this.postInThread(page));
    }
    for (const old of messages.slice(pages.length)) {
      await this.client.chat.delete({ channel: this.q.channel, ts: old }).catch((err: unknown) => {
        // a page already gone is as good as deleted; one left standing is the old answer's last page
        // under the new one, which an apology for an answer already replaced would not mend
        if (!slackRefused(err)) this.deps.logger.warn({ ...describeError(err), conversation: this.q.channel }, "could not delete a page the edited question's answer no longer has");
      });
    }
    return { messages: now };
  }

  async stream(events: AsyncIterable<AnswerEvent>, hooks: StreamHooks): Promise<Posted & { answer: Answer }> {
    const { channel, threadTs, user, teamId } = this.q;
    const render = async (a: Answer): Promise<RenderAnswerOptions> => this.options(await hooks.view(a));
    const { answer, streamed, refused, cutOffTs, messages } = await streamAnswer(this.client, { channel, threadTs, user, ...(teamId ? { teamId } : {}) }, events, {
      render,
      firstText: async () => {
        await hooks.firstText();
        return this.placeholderTs;
      },
    });
    if (!streamed) {
      if (refused !== undefined) {
        this.count(refused);
        this.deps.logger.warn({ ...describeError(refused), conversation: channel, cutOff: cutOffTs !== undefined }, 'Slack refused the answer stream; the answer is posted whole');
      }
      const options = await render(answer);
      await hooks.firstText();
      return { answer, messages: await this.post(renderAnswer(answer, options), cutOffTs ?? this.placeholderTs) };
    }
    return { answer, ...(messages ? { messages } : {}) };
  }

  async apologise(text: string, err: unknown): Promise<void> {
    this.count(err);
    // into the placeholder, or a new message in the thread when there is none or it is gone
    await this.post([renderApology(text)]);
  }

  describe(err: unknown): Record<string, unknown> {
    return describeError(err);
  }

  /** HTTP-level failures are counted per attempt by the client; platform errors here. */
  private count(err: unknown): void {
    const kind = slackErrorKind(err);
    if (kind && !/^(rate_limited|request_error|http_)/.test(kind)) this.deps.metrics.slackApiError(kind);
  }

  /** An abstention offers "Send to the curators" only once it is on their list; otherwise it says it is not. */
  private options(view: AnswerView): RenderAnswerOptions {
    const recorded = view.curators !== 'not_recorded';
    return { curators: this.deps.curatorChannel !== undefined && recorded, questionTs: this.q.messageTs, ...(recorded ? {} : { notRecorded: true }) };
  }

  /**
   * Posts the messages in the thread, the first into `into` (a placeholder, a cut-off stream) when
   * given; when Slack refuses that edit (someone deleted the message, a rate limit that does not
   * lift), as a new message instead. Slack did not make a refused edit, so nothing is shown twice.
   * Returns the messages' ts, first to last.
   */
  private async post(messages: SlackMessage[], into = this.placeholderTs): Promise<string[]> {
    const posted: string[] = [];
    for (const [i, m] of messages.entries()) {
      if (i === 0 && into && (await this.edit(into, m, 'the message shown while Kompis was answering'))) posted.push(into);
      else posted.push(await this.postInThread(m));
    }
    return posted;
  }

  private async postInThread(m: SlackMessage): Promise<string> {
    const res = await this.client.chat.postMessage({ channel: this.q.channel, thread_ts: this.q.threadTs, text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false });
    if (!res.ts) throw new Error('Slack posted a message without giving its ts');
    return res.ts;
  }

  /** Replaces `what` at `ts`; false when Slack refused, and said so. */
  private async edit(ts: string, m: SlackMessage, what: string): Promise<boolean> {
    try {
      await this.client.chat.update({ channel: this.q.channel, ts, text: m.text, blocks: m.blocks });
      return true;
    } catch (err) {
      if (!slackRefused(err)) throw err;
      this.count(err);
      this.deps.logger.warn({ ...describeError(err), conversation: this.q.channel }, `Slack refused to edit ${what}; the reply is posted as a new message`);
      return false;
    }
  }
}
