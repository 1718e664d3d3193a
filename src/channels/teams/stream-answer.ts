import type { Activity } from '@microsoft/agents-activity';
import { StreamingResponseResult, type TurnContext } from '@microsoft/agents-hosting';
import type { Answer } from '../../core/answers/answer';
import type { AnswerEvent } from '../../core/answers/service';
import type { Logger } from '../../core/ports';
import { messageText } from './render-answer';

export interface TeamsStreamOptions {
  /** The informative update shown while the store is searched and the model starts. */
  informative: string;
  /** The final message for the answer: the whole text with its citations, the AI label and 👍/👎. */
  final: (answer: Answer) => Promise<Activity>;
  /** Teams takes about one streaming update a second (the SDK's default); tests shorten it. */
  delayMs?: number;
  logger: Logger;
}

/**
 * Streams an answer into a personal chat through the Agents SDK's StreamingResponse: an informative
 * update, the checked sentences as typing activities carrying a `streaminfo` entity, then the final
 * message, which replaces what was streamed (and so also says an abstention or a fallback). When
 * the stream broke on the way (the SDK keeps the error to itself), the final message is sent as a
 * message of its own; when the user pressed Stop, nothing more is sent.
 */
export async function streamAnswer(context: TurnContext, events: AsyncIterable<AnswerEvent>, opts: TeamsStreamOptions): Promise<{ answer: Answer; messageId?: string }> {
  const stream = context.streamingResponse;
  if (opts.delayMs !== undefined) stream.setDelayInMs(opts.delayMs);
  stream.queueInformativeUpdate(opts.informative);
  let shown = '';
  for await (const event of events) {
    if (event.kind === 'text') {
      const piece = shown ? ` ${event.text}` : event.text;
      shown += piece;
      stream.queueTextChunk(messageText(piece));
      continue;
    }
    const final = await opts.final(event.answer);
    stream.setFinalMessage(final);
    // the SDK writes the final message's channelData itself: the feedback buttons must be asked for here
    stream.setFeedbackLoop(true);
    const result = await stream.endStream();
    if (result === StreamingResponseResult.Error) {
      opts.logger.warn({ updates: stream.updatesSent }, 'Teams stream failed on the way; the answer is sent as a message of its own');
      final.entities = (final.entities ?? []).filter((e) => e.type !== 'streaminfo');
      delete final.id;
      const sent = await context.sendActivity(final);
      return { answer: event.answer, ...(sent?.id ? { messageId: sent.id } : {}) };
    }
    if (result === StreamingResponseResult.UserCanceled) opts.logger.info({}, 'the user stopped the Teams stream');
    // the streamed message keeps the id of its first update: the one Teams' feedback names
    return { answer: event.answer, ...(stream.streamId ? { messageId: stream.streamId } : {}) };
  }
  throw new Error('the answer stream ended without an answer');
}
