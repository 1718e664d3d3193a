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
  return answerMessages(prompts.answerSystem, prompts, question, lang, hits, (h) => `id="${h.passage.id}"`);
}

/** The system prompt, and the user prompt with the passages, each named as the prompt refers to them (by id, or by number). */
export function answerMessages(system: string, prompts: Prompts, question: string, lang: Lang, hits: SearchHit[], name: (h: SearchHit, i: number) => string): ChatMessage[] {
  const passages = hits
    .map((h, i) => `<passage ${name(h, i)} lang="${h.passage.lang}" title="${escapeAttr(h.passage.title)}" heading="${escapeAttr(h.passage.heading)}">\n${h.passage.text}\n</passage>`)
    .join('\n\n');
  return [
    { role: 'system', content: system },
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
  const grounding = new Grounding(answer.citations, retrieved);
  for (const sentence of sentencesOf(answer.answer)) grounding.sentence(sentence);
  return grounding.result();
}

/** Sentences as the grounding reads them: a claim ends at . ! ? … or a closing bracket. */
export function sentencesOf(text: string): string[] {
  return text.split(SENTENCE_END);
}

const SENTENCE_END = /(?<=[.!?…)\]])\s+/;

/**
 * The one check of an answer's citations, sentence by sentence, so a streamed answer can be checked
 * as it is written and a whole one in one go with the same result: a claim whose every source was
 * not retrieved is dropped whole (an unsourced claim is what we must not say), a marker with no valid
 * source is removed, and the markers left are renumbered in reading order.
 */
export class Grounding {
  private readonly idOf = new Map<number, string>();
  private readonly cited: string[] = [];
  private readonly kept: string[] = [];

  constructor(citations: ModelAnswer['citations'], retrieved: Set<string>) {
    for (const c of citations) if (retrieved.has(c.passage_id) && !this.idOf.has(c.marker)) this.idOf.set(c.marker, c.passage_id);
  }

  /** The sentence as it may be shown, or undefined when it is dropped. */
  sentence(sentence: string): string | undefined {
    const markers = [...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    if (markers.length > 0 && !markers.some((n) => this.idOf.has(n))) return undefined;
    const kept = sentence.replace(/\s*\[(\d+)\]/g, (marker, n: string) => {
      const id = this.idOf.get(Number(n));
      if (!id) return '';
      let k = this.cited.indexOf(id);
      if (k < 0) k = this.cited.push(id) - 1;
      return `${marker.startsWith(' ') ? ' ' : ''}[${k + 1}]`;
    });
    if (!kept.trim()) return undefined;
    this.kept.push(kept);
    return kept;
  }

  result(): GroundedText | undefined {
    const text = this.kept.join(' ').trim();
    return this.cited.length > 0 && text ? { text, cited: [...this.cited] } : undefined;
  }
}

function escapeAttr(s: string): string {
  return s.replace(/"/g, '&quot;');
}
