import type { Lang } from '../lang';
import type { SearchHit } from '../knowledge/index';
import type { ChatMessage, Llm } from '../ports';
import { answerMessages, failed, Grounding, sentencesOf, type GroundedOutcome } from './grounded';
import type { Prompts } from './prompts';

/** What the streaming prompt asks the model to write when the passages do not answer. */
export const NO_ANSWER = 'NO_ANSWER';

/** A streamed answer: checked sentences as they are written, then the outcome. */
export type GroundedStreamEvent = { kind: 'text'; text: string } | { kind: 'done'; outcome: GroundedOutcome };

/**
 * The passages numbered for the streaming prompt: the model writes [n] for the n-th passage, so an
 * answer can be read as it comes, with no citation list to wait for.
 */
export function buildStreamMessages(prompts: Prompts, question: string, lang: Lang, hits: SearchHit[]): ChatMessage[] {
  return answerMessages(prompts.answerStreamSystem, prompts, question, lang, hits, (_h, i) => `n="${i + 1}"`);
}

/**
 * Streams the model's answer a checked sentence at a time: a sentence is shown only once it is
 * complete and its markers are known to name retrieved passages (the same check as a whole answer,
 * `Grounding`). At the end the outcome says what the final message is: the answer, an abstention
 * (the model wrote NO_ANSWER, before or after any text, or no sentence is left), or a failure.
 * NO_ANSWER is never shown, and no sentence is once it has been written.
 */
export async function* streamGroundedAnswer(llm: Llm, prompts: Prompts, question: string, lang: Lang, hits: SearchHit[], signal?: AbortSignal): AsyncGenerator<GroundedStreamEvent> {
  const markers = hits.map((h, i) => ({ marker: i + 1, passage_id: h.passage.id }));
  const grounding = new Grounding(markers, hits.map((h) => h.passage), lang);
  let raw = '';
  let shown = 0;
  // the model's word that the passages do not answer, wherever it writes it: what it wrote before is no answer
  const abstains = () => raw.includes(NO_ANSWER);
  for await (const chunk of llm.streamText(buildStreamMessages(prompts, question, lang, hits), signal)) {
    if (!chunk.ok) {
      yield { kind: 'done', outcome: failed(chunk) };
      return;
    }
    raw += chunk.text;
    if (abstains()) continue;
    // every sentence but the last is complete: the model has started the next one
    const sentences = sentencesOf(raw.trimStart());
    for (const sentence of sentences.slice(shown, -1)) {
      const kept = grounding.sentence(sentence);
      if (kept !== undefined) yield { kind: 'text', text: kept };
    }
    shown = Math.max(shown, sentences.length - 1);
  }
  if (abstains()) {
    yield { kind: 'done', outcome: { kind: 'abstain', reason: 'model_abstained' } };
    return;
  }
  const last = sentencesOf(raw.trim()).slice(shown).join(' ');
  if (last) {
    const kept = grounding.sentence(last);
    if (kept !== undefined) yield { kind: 'text', text: kept };
  }
  const grounded = grounding.result();
  yield { kind: 'done', outcome: grounded ? { kind: 'answer', value: grounded } : { kind: 'abstain', reason: 'no_valid_citation' } };
}
