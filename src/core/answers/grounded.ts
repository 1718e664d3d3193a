import { z } from 'zod';
import type { Lang } from '../lang';
import { LANG_NAMES } from '../lang';
import type { SearchHit } from '../knowledge/index';
import type { ChatMessage, JsonSchemaSpec, Llm, LlmResult } from '../ports';
import type { Prompts } from './prompts';

/** What the model must return: the answer with [n] markers, and the passage id behind each marker. */
export const ModelAnswer = z.object({
  abstain: z.boolean(),
  answer: z.string(),
  citations: z.array(z.object({ marker: z.number().int().positive(), passage_id: z.string() })),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

export const MODEL_ANSWER_SCHEMA: JsonSchemaSpec = {
  name: 'grounded_answer',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['abstain', 'answer', 'citations'],
    properties: {
      abstain: { type: 'boolean', description: 'true when the passages do not answer the question' },
      answer: { type: 'string', description: 'the answer, every claim followed by a [n] marker' },
      citations: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['marker', 'passage_id'],
          properties: { marker: { type: 'integer' }, passage_id: { type: 'string' } },
        },
      },
    },
  },
};

export function buildMessages(prompts: Prompts, question: string, lang: Lang, hits: SearchHit[]): ChatMessage[] {
  const passages = hits
    .map((h) => `<passage id="${h.passage.id}" lang="${h.passage.lang}" title="${escapeAttr(h.passage.title)}" heading="${escapeAttr(h.passage.heading)}">\n${h.passage.text}\n</passage>`)
    .join('\n\n');
  return [
    { role: 'system', content: prompts.answerSystem },
    {
      role: 'user',
      content: prompts.answerUser
        .replace('{{language}}', `${LANG_NAMES.en[lang]} (${lang})`)
        .replace('{{passages}}', passages)
        .replace('{{question}}', question),
    },
  ];
}

export interface GroundedText {
  text: string;
  /** Passage ids in marker order: the first is [1]. */
  cited: string[];
}

export type GroundedOutcome =
  | { kind: 'answer'; value: GroundedText }
  | { kind: 'abstain'; reason: 'model_abstained' | 'no_valid_citation' }
  | { kind: 'failed'; error: Exclude<LlmResult<unknown>, { ok: true }>['error'] };

/**
 * Asks the model and keeps only what is grounded: a citation of a passage that was not retrieved is
 * dropped with its marker (and a sentence left with no valid source with it), markers are renumbered
 * in reading order, and an answer left with no valid citation becomes an abstention.
 */
export async function groundedAnswer(llm: Llm, prompts: Prompts, question: string, lang: Lang, hits: SearchHit[], signal?: AbortSignal): Promise<GroundedOutcome> {
  const reply = await llm.completeJson(buildMessages(prompts, question, lang, hits), MODEL_ANSWER_SCHEMA, signal);
  if (!reply.ok) return { kind: 'failed', error: reply.error };
  const parsed = ModelAnswer.safeParse(reply.value);
  if (!parsed.success) return { kind: 'failed', error: 'invalid_response' };
  if (parsed.data.abstain) return { kind: 'abstain', reason: 'model_abstained' };
  const grounded = keepGrounded(parsed.data, new Set(hits.map((h) => h.passage.id)));
  return grounded ? { kind: 'answer', value: grounded } : { kind: 'abstain', reason: 'no_valid_citation' };
}

export function keepGrounded(answer: ModelAnswer, retrieved: Set<string>): GroundedText | undefined {
  const idOf = new Map<number, string>();
  for (const c of answer.citations) if (retrieved.has(c.passage_id) && !idOf.has(c.marker)) idOf.set(c.marker, c.passage_id);
  const cited: string[] = [];
  const kept: string[] = [];
  for (const sentence of answer.answer.split(/(?<=[.!?…)\]])\s+/)) {
    const markers = [...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    // a claim whose every source was invalid is dropped whole: an unsourced claim is what we must not say
    if (markers.length > 0 && !markers.some((n) => idOf.has(n))) continue;
    kept.push(
      sentence.replace(/\s*\[(\d+)\]/g, (marker, n: string) => {
        const id = idOf.get(Number(n));
        if (!id) return '';
        let k = cited.indexOf(id);
        if (k < 0) k = cited.push(id) - 1;
        return `${marker.startsWith(' ') ? ' ' : ''}[${k + 1}]`;
      }),
    );
  }
  const text = kept.join(' ').trim();
  return cited.length > 0 && text ? { text, cited } : undefined;
}

function escapeAttr(s: string): string {
  return s.replace(/"/g, '&quot;');
}
