import type { webApi } from '@slack/bolt';
import { type Answer, introOf } from '../../core/answers/answer';
import type { AnswerEvent } from '../../core/answers/service';
import { escapeMarkdownText } from './mrkdwn';
import { renderAnswer, renderAnswerEnd, renderLiveText, type RenderAnswerOptions } from './render-answer';

/** Where a streamed answer goes, and whose screen it is for (Slack asks for the recipient outside DMs). */
export interface StreamTarget {
  channel: string;
  threadTs: string;
  user: string;
  teamId?: string;
}

export interface StreamOptions {
  /** How the answer is shown, once it is known (an abstention goes on the curators' list first). */
  render: (answer: Answer) => Promise<RenderAnswerOptions>;
  /** Called at the first streamed text: stops the sign of life, and gives the placeholder's ts when one is showing. */
  firstText: () => Promise<string | undefined>;
}

export interface StreamResult {
  answer: Answer;
  /** True when the answer is fully posted here. */
  streamed: boolean;
  /** Why Slack's chat stream was given up, when it was; the answer is then the caller's to post. */
  refused?: unknown;
  /** The streamed message Slack cut off before the answer was whole: the whole answer replaces it. */
  cutOffTs?: string;
  /** The messages a fully posted answer is, first to last. */
  messages?: string[];
}

/**
 * An answer shown as it is written. Through Slack's chat stream (chat.startStream, appendStream,
 * then stopStream with the sources and 👍/👎); into the placeholder instead when one is already
 * showing, edit by edit. `streamed` is true when the answer is fully posted here: when the final
 * text differs from what was streamed (a fallback) or opens with a line (the closest the store has,
 * to be checked) it has replaced the streamed message. Otherwise the caller posts the answer (into the placeholder, or the cut-off stream,
 * when there is one). A stream or an edit Slack refuses (a workspace or channel that does not
 * allow streaming, a rate limit, a stream Slack ended on its own, a deleted placeholder) costs only
 * the live showing: the answer is still written to the end, and then posted whole.
 */
export async function streamAnswer(client: webApi.WebClient, to: StreamTarget, events: AsyncIterable<AnswerEvent>, opts: StreamOptions): Promise<StreamResult> {
  let shown = '';
  let started = false;
  let stream: webApi.ChatStreamer | undefined;
  let placeholderTs: string | undefined;
  let given: Pick<StreamResult, 'refused' | 'cutOffTs'> = {};
  for await (const event of events) {
    if (event.kind === 'answer') {
      if (!stream) return { answer: event.answer, streamed: false, ...given };
      const render = await opts.render(event.answer);
      const end = renderAnswerEnd(event.answer, render);
      try {
        await stream.stop({ blocks: end });
      } catch (err) {
        return { answer: event.answer, streamed: false, ...refusal(stream, err) };
      }
      // the whole answer replaces what was streamed where it differs, or opens with a line the stream
      // could not (an answer from the closest the store has, to be checked)
      const messages = stream.ts ? [stream.ts] : [];
      if ((event.answer.text !== shown || introOf(event.answer)) && stream.ts) {
        const [whole, ...rest] = renderAnswer(event.answer, render);
        await client.chat.update({ channel: to.channel, ts: stream.ts, text: whole!.text, blocks: whole!.blocks });
        // an answer longer than one message goes on in the thread, its buttons on the last
        for (const page of rest) {
          const posted = await client.chat.postMessage({ channel: to.channel, thread_ts: to.threadTs, text: page.text, blocks: page.blocks });
          if (posted.ts) messages.push(posted.ts);
        }
      }
      return { answer: event.answer, streamed: true, ...(messages.length > 0 ? { messages } : {}) };
    }
    if (!started) {
      started = true;
      placeholderTs = await opts.firstText();
      // each checked sentence goes out as it comes: they are few, and already a natural batch
      if (!placeholderTs) stream = client.chatStream({ channel: to.channel, thread_ts: to.threadTs, recipient_user_id: to.user, ...(to.teamId ? { recipient_team_id: to.teamId } : {}), buffer_size: 1 });
    }
    const piece = shown ? ` ${event.text}` : event.text;
    shown += piece;
    if (stream) {
      try {
        await stream.append({ markdown_text: escapeMarkdownText(piece) });
      } catch (err) {
        given = refusal(stream, err);
        // a stream that started is ended if Slack still lets it, so the whole answer can replace it;
        // if Slack will not, the replacing edit is tried all the same (the refusal is reported by the caller)
        if (stream.ts) await stream.stop().catch(() => undefined);
        stream = undefined;
      }
    } else if (placeholderTs) {
      const live = renderLiveText(shown);
      if (!live) continue;
      try {
        await client.chat.update({ channel: to.channel, ts: placeholderTs, ...live });
      } catch (err) {
        // a refused edit (a rate limit, a placeholder someone deleted) costs only the live edits: the
        // answer is still written to the end, and then posted whole by the caller
        given = { refused: err };
        placeholderTs = undefined;
      }
    }
  }
  throw new Error('the answer stream ended without an answer');
}

/** What the caller needs to know of a stream Slack refused: why, and the message it left, if any. */
function refusal(stream: webApi.ChatStreamer, err: unknown): Pick<StreamResult, 'refused' | 'cutOffTs'> {
  return { refused: err, ...(stream.ts ? { cutOffTs: stream.ts } : {}) };
}
