import type { webApi } from '@slack/bolt';
import type { Answer } from '../../core/answers/answer';
import { tc } from './strings';
import type { Lang } from '../../core/lang';
import { retrying, retryInBackground } from '../../core/retry';
import type { SlackDeps } from './deps';
import { describeError, slackErrorKind } from './errors';
import { renderAnswer, renderApology, renderPlaceholder, type RenderAnswerOptions, type SlackMessage } from './render-answer';
import { streamAnswer } from './stream-answer';
import { UserLanguages } from './user-language';

/** Slack retries an unacknowledged event for about an hour; remember ids well past that. */
export const SEEN_TTL_SECONDS = 6 * 3600;
/** A thread Kompis answered keeps answering follow-ups for a week. */
export const THREAD_TTL_SECONDS = 7 * 24 * 3600;
const DEFAULT_SIGN_OF_LIFE_MS = 600;
/** Pauses between tries to put an abstention on the curators' list before the reply goes out: about as long as Redis takes to reconnect. */
const UNANSWERED_RETRY_MS = [200, 500, 1_000, 1_500];
/** How long the reply to an abstention may wait for the store, however slowly it fails. */
const UNANSWERED_WITHIN_MS = 5_000;

/** One question as the listeners hand it over, already parsed and reduced to plain text. */
export interface SlackQuestion {
  kind: 'mention' | 'dm' | 'thread' | 'assistant';
  channel: string;
  /** The thread the answer goes to (the question's own ts when it started no thread). */
  threadTs: string;
  messageTs: string;
  user: string;
  /** The workspace of the asker, which Slack's chat stream asks for outside a DM. */
  teamId?: string;
  text: string;
  /** The thread status ("is thinking…") of assistant and agent threads; channels get a placeholder instead. */
  setStatus?: (status: string) => Promise<unknown>;
}

/**
 * Question in, answer posted in its thread. A message is answered once, however often Slack
 * delivers it and whichever replica receives it; a slow answer shows a sign of life first; a failure
 * ends in a short apology in the thread and one log line.
 */
export class SlackAnswerer {
  readonly languages: UserLanguages;

  constructor(private readonly deps: SlackDeps) {
    this.languages = new UserLanguages(deps.defaultLang, deps.logger);
  }

  async handle(client: webApi.WebClient, q: SlackQuestion): Promise<void> {
    const { store, logger } = this.deps;
    const log = logger.child({ channel: q.channel, ts: q.messageTs, kind: q.kind });
    try {
      if (!(await store.markEventSeen(`slack:msg:${q.channel}:${q.messageTs}`, SEEN_TTL_SECONDS))) {
        log.debug({}, 'message already answered; Slack retry or second event ignored');
        return;
      }
    } catch (err) {
      // a store outage must not silence Kompis: answer, at the risk of a duplicate on a retry
      log.warn(describeError(err), 'could not record the event id; answering anyway');
    }

    const started = performance.now();
    let lang: Lang = this.deps.defaultLang;
    let placeholder: Promise<string | undefined> | undefined;
    const timer = setTimeout(() => {
      placeholder = this.signOfLife(client, q, lang, log);
    }, this.deps.signOfLifeAfterMs ?? DEFAULT_SIGN_OF_LIFE_MS);
    try {
      lang = await this.languages.of(client, q.user);
      let rendered: RenderAnswerOptions | undefined;
      const render = async (a: Answer): Promise<RenderAnswerOptions> => (rendered ??= await this.renderOptions(q, a, log));
      const { answers } = this.deps;
      const { answer, streamed } =
        answers.streams && answers.askStream
          ? await streamAnswer(client, { channel: q.channel, threadTs: q.threadTs, user: q.user, ...(q.teamId ? { teamId: q.teamId } : {}) }, answers.askStream(q.text, { hint: lang }), {
              render,
              firstText: async () => {
                clearTimeout(timer);
                return placeholder;
              },
            })
          : { answer: await answers.ask(q.text, { hint: lang }), streamed: false };
      lang = answer.lang;
      const options = await render(answer);
      clearTimeout(timer);
      if (!streamed) await this.post(client, q, renderAnswer(answer, options), await placeholder);
      this.deps.metrics.answered('slack', answer, (performance.now() - started) / 1000);
      await this.markThread(q, log);
    } catch (err) {
      clearTimeout(timer);
      const kind = slackErrorKind(err);
      // HTTP-level failures are counted per attempt by the client; platform errors here
      if (kind && !/^(rate_limited|request_error|http_)/.test(kind)) this.deps.metrics.slackApiError(kind);
      log.error(describeError(err), 'question not answered');
      await this.apologise(client, q, lang, await placeholder?.catch(() => undefined), log);
    }
  }

  private async signOfLife(client: webApi.WebClient, q: SlackQuestion, lang: Lang, log: SlackDeps['logger']): Promise<string | undefined> {
    try {
      if (q.setStatus) {
        await q.setStatus(tc(lang, 'thinking'));
        return undefined;
      }
      const msg = renderPlaceholder(lang);
      const res = await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, text: msg.text, blocks: msg.blocks });
      return res.ts;
    } catch (err) {
      // only the sign of life failed; the answer itself still comes
      log.warn(describeError(err), 'could not show a sign of life');
      return undefined;
    }
  }

  private async post(client: webApi.WebClient, q: SlackQuestion, messages: SlackMessage[], placeholderTs: string | undefined): Promise<void> {
    for (const [i, m] of messages.entries()) {
      if (i === 0 && placeholderTs) {
        await client.chat.update({ channel: q.channel, ts: placeholderTs, text: m.text, blocks: m.blocks });
      } else {
        await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false });
      }
    }
  }

  /** Follow-ups in the thread are answered from now on; a mark the store could not take is retried until it can. */
  private async markThread(q: SlackQuestion, log: SlackDeps['logger']): Promise<void> {
    if (q.kind !== 'mention' && q.kind !== 'thread') return;
    const mark = () => this.deps.store.markThreadActive(q.channel, q.threadTs, THREAD_TTL_SECONDS);
    try {
      await mark();
    } catch (err) {
      log.warn(describeError(err), 'answer posted; the thread could not be marked as answered yet, retrying');
      retryInBackground(mark, 'slack thread mark', log);
    }
  }

  /**
   * How the answer is shown. An abstention goes on the curators' list before the reply offers to
   * send it there; if the store cannot take it, the reply says so.
   */
  private async renderOptions(q: SlackQuestion, answer: Answer, log: SlackDeps['logger']): Promise<RenderAnswerOptions> {
    const recorded = answer.abstained && answer.offerCurators ? await this.recordUnanswered(q, answer, log) : true;
    return { curators: this.deps.curatorChannel !== undefined && recorded, questionTs: q.messageTs, ...(recorded ? {} : { notRecorded: true }) };
  }

  /** True once the abstention is on the unanswered list, tried for a few seconds while the store reconnects. */
  private async recordUnanswered(q: SlackQuestion, answer: Answer, log: SlackDeps['logger']): Promise<boolean> {
    const record = () =>
      this.deps.store.addUnanswered({ id: unansweredId(q.channel, q.messageTs), question: answer.question, lang: answer.lang, askedBy: q.user, channel: q.channel, threadTs: q.threadTs, askedAt: new Date() });
    if (await retrying(record, UNANSWERED_RETRY_MS, UNANSWERED_WITHIN_MS)) return true;
    log.error({}, "abstention not put on the curators' list: the store did not answer; the reply says so");
    return false;
  }

  private async apologise(client: webApi.WebClient, q: SlackQuestion, lang: Lang, placeholderTs: string | undefined, log: SlackDeps['logger']): Promise<void> {
    const msg = renderApology(lang);
    try {
      if (placeholderTs) await client.chat.update({ channel: q.channel, ts: placeholderTs, text: msg.text, blocks: msg.blocks });
      else await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, text: msg.text, blocks: msg.blocks });
    } catch (err) {
      log.error(describeError(err), 'could not post the apology either');
    }
  }
}

/** The id of an unanswered question: one per Slack message. */
export function unansweredId(channel: string, messageTs: string): string {
  return `slack:${channel}:${messageTs}`;
}
