import { z } from 'zod';
import type { Lang } from '../lang';
import { LANG_NAMES } from '../lang';
import type { Passage } from '../knowledge/document';
import type { SearchHit } from '../knowledge/index';
import type { ChatMessage, JsonSchemaSpec, Llm, LlmResult } from '../ports';
import type { Prompts } from './prompts';
import { numbersHeld, numbersIn } from './stated-numbers';

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

/**
 * The system prompt, and the user prompt with the passages, each named as the prompt refers to them
 * (by id, or by number). The question and the passages are put in as written, but for the tags
 * the prompt quotes them in: neither can close its own tag or open another (see `inert`).
 */
export function answerMessages(system: string, prompts: Prompts, question: string, lang: Lang, hits: SearchHit[], name: (h: SearchHit, i: number) => string): ChatMessage[] {
  const passages = hits
    .map((h, i) => `<passage ${name(h, i)} lang="${h.passage.lang}" title="${escapeAttr(h.passage.title)}" heading="${escapeAttr(h.passage.heading)}">\n${inert(h.passage.text)}\n</passage>`)
    .join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: fillPrompt(prompts.answerUser, { language: `${LANG_NAMES.en[lang]} (${lang})`, passages, question: inert(question) }) },
  ];
}

/**
 * The prompt with each `{{name}}` of its own filled in, in one pass over the prompt alone: what is put
 * in is never read again, so a passage that writes "{{question}}" keeps it as text (and the question
 * still goes where the prompt has it), and "$'" or "$&" in a passage or a question is text, not a
 * pattern of `String.replace`.
 */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (slot, name: string) => values[name] ?? slot);
}

/**
 * Text quoted in the prompt, with the "<" of each of the prompt's own tags (<passage …>, </passage>,
 * <question>, </question>) written "&lt;": a document that writes "</passage>" cannot end its passage,
 * nor a question open a passage of its own. Every other character is as written, so a passage's
 * "< 5 g" reaches the model as the store says it.
 */
export function inert(text: string): string {
  return text.replace(PROMPT_TAG, '&lt;');
}

/** Where one of the prompt's own tags would begin, however it is spaced or cased. Global, for `inert`'s replace. */
export const PROMPT_TAG = /<(?=\s*\/?\s*(?:passage|question))/giu;

export interface GroundedText {
  text: string;
  /** Passage ids in marker order: the first is [1]. */
  cited: string[];
}

export type GroundedOutcome =
  | { kind: 'answer'; value: GroundedText }
  | { kind: 'abstain'; reason: 'model_abstained' | 'no_valid_citation' }
  /** `message`: why, for the operator's log (the server's words, or how the reply was unusable). */
  | { kind: 'failed'; error: Exclude<LlmResult<unknown>, { ok: true }>['error']; message?: string };

/**
 * Asks the model and keeps only what is grounded (see `Grounding`): a sentence without a marker, with
 * one that names no retrieved passage, or with a number none of its passages holds, is dropped,
 * markers are renumbered in reading order, and an answer left with no sentence becomes an abstention.
 */
export async function groundedAnswer(llm: Llm, prompts: Prompts, question: string, lang: Lang, hits: SearchHit[], signal?: AbortSignal): Promise<GroundedOutcome> {
  const reply = await llm.completeJson(buildMessages(prompts, question, lang, hits), MODEL_ANSWER_SCHEMA, signal);
  if (!reply.ok) return failed(reply);
  const parsed = ModelAnswer.safeParse(reply.value);
  if (!parsed.success) return { kind: 'failed', error: 'invalid_response', message: 'the JSON the model replied with is not an answer: it lacks abstain, answer or citations, or one is of the wrong type' };
  if (parsed.data.abstain) return { kind: 'abstain', reason: 'model_abstained' };
  const grounded = keepGrounded(parsed.data, hits.map((h) => h.passage), lang);
  return grounded ? { kind: 'answer', value: grounded } : { kind: 'abstain', reason: 'no_valid_citation' };
}

/** A model call that failed, as an outcome: why, and the words for the log when there are any. */
export function failed(result: Exclude<LlmResult<unknown>, { ok: true }>): GroundedOutcome {
  return { kind: 'failed', error: result.error, ...(result.message ? { message: result.message } : {}) };
}

/** The passages a model was given, as the grounding reads them. */
export type Retrieved = Pick<Passage, 'id' | 'title' | 'heading' | 'text' | 'lang'>;

/** The answer's sentences that are grounded in the retrieved passages, its markers renumbered; undefined when none is. */
export function keepGrounded(answer: ModelAnswer, retrieved: Retrieved[], lang: Lang): GroundedText | undefined {
  const grounding = new Grounding(answer.citations, retrieved, lang);
  for (const sentence of sentencesOf(answer.answer)) grounding.sentence(sentence);
  return grounding.result();
}

/**
 * Where a sentence ends, as the grounding reads an answer: after a marker and a full stop (or ! ? …)
 * and a space; after a full stop and a space where the next does not begin in lower case or with a
 * marker; after a marker where the next begins with a capital (a full stop left out); at a line
 * break. A marker written after the full stop ("… tre uker. [1] Den kan …") so belongs to the
 * sentence before it. Only the first end is known before the next sentence begins: a streamed
 * answer splits where the whole one does.
 */
const SENTENCE_END = /(?<=\][.!?…]["'”’»)]*)\s+|(?<=[.!?…]["'”’»)]*)\s+(?=[^\s\p{Ll}[])|(?<=\])\s+(?=\p{Lu})|\s*\n\s*(?=[^\s\p{Ll}[])/u;
/** A short abbreviation ("ca.", "kr.", "bl.a."), which a number follows without a new sentence: "ca. 30 prosent". */
const ABBREVIATION = /(?:^|[\s(.])\p{Ll}{1,3}\.$/u;

/** Sentences as the grounding reads them: each claim with the markers that back it. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(SENTENCE_END)) {
    const last = out.at(-1);
    if (last !== undefined && ABBREVIATION.test(last) && /^\p{N}/u.test(piece)) out[out.length - 1] = `${last} ${piece}`;
    else out.push(piece);
  }
  return out;
}

/** A citation marker as a model writes it: [1], or several in one pair of brackets, [1, 3] or [1,3]. */
const MARKER = /\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
const markerNumbers = (group: string): number[] => group.split(/[,;]/).map((n) => Number(n.trim()));

/**
 * The one check of an answer's citations, sentence by sentence, so a streamed answer can be checked
 * as it is written and a whole one in one go with the same result. A sentence is shown only when it
 * carries a marker and every marker it carries names a retrieved passage: a sentence with none
 * states what no source was given for, and one with a marker that names no retrieved passage holds
 * a claim we cannot tell from the rest, so it goes whole (removing the marker alone would leave
 * that claim reading as backed by the other). A sentence that states a number none of the passages
 * it cites holds (in its text, title or heading) goes too: "within five working days [1]" of a
 * passage that says three weeks. Numbers are compared by value, however each writes them (1 000,
 * 1000, 1,000 and 1.000; 2,5 and 2.5; 25 % and 25%; "three" and 3; see `numbersIn`). The markers
 * kept are renumbered in reading order, a group ([1, 3]) written as one marker each ([1][2]).
 */
export class Grounding {
  private readonly idOf = new Map<number, string>();
  private readonly cited: string[] = [];
  private readonly kept: string[] = [];
  private readonly passages = new Map<string, Retrieved>();

  /** `lang` is the language the answer is written in: its number words are that language's. */
  constructor(citations: ModelAnswer['citations'], retrieved: Retrieved[], private readonly lang: Lang) {
    for (const p of retrieved) this.passages.set(p.id, p);
    for (const c of citations) if (this.passages.has(c.passage_id) && !this.idOf.has(c.marker)) this.idOf.set(c.marker, c.passage_id);
  }

  /** The sentence as it may be shown, or undefined when it is dropped. */
  sentence(sentence: string): string | undefined {
    const markers = [...sentence.matchAll(MARKER)].flatMap((m) => markerNumbers(m[1]!));
    if (markers.length === 0 || markers.some((n) => !this.idOf.has(n))) return undefined;
    const claim = sentence.replace(MARKER, '');
    // a marker alone ("[1]") says nothing to back
    if (!/[\p{L}\p{N}]/u.test(claim)) return undefined;
    const cited = [...new Set(markers.map((n) => this.idOf.get(n)!))];
    if (numbersIn(claim, this.lang).some((readings) => !cited.some((id) => readings.some((r) => numbersOfPassage(this.passages.get(id)!).has(r))))) return undefined;
    const kept = sentence.replace(MARKER, (marker, group: string) => {
      const ns = [...new Set(markerNumbers(group).map((n) => this.numberOf(this.idOf.get(n)!)))];
      return `${/^\s/.test(marker) ? ' ' : ''}${ns.map((k) => `[${k}]`).join('')}`;
    });
    this.kept.push(kept);
    return kept;
  }

  result(): GroundedText | undefined {
    const text = this.kept.join(' ').trim();
    return this.cited.length > 0 && text ? { text, cited: [...this.cited] } : undefined;
  }

  /** The passage's number in the answer: the order in which the kept sentences first cite it. */
  private numberOf(id: string): number {
    const k = this.cited.indexOf(id);
    return k >= 0 ? k + 1 : this.cited.push(id);
  }
}

const heldBy = new WeakMap<Retrieved, ReadonlySet<string>>();

/**
 * Every value the numbers of a passage's text, title and heading can be read as, read once for each
 * passage: the index gives the same passage objects to question after question, and a passage
 * loaded again (its text edited) is a new object, read anew.
 */
export function numbersOfPassage(p: Retrieved): ReadonlySet<string> {
  let held = heldBy.get(p);
  if (!held) heldBy.set(p, (held = numbersHeld([p.text, p.title, p.heading].map((text) => ({ text, lang: p.lang })))));
  return held;
}

function escapeAttr(s: string): string {
  return inert(s).replace(/"/g, '&quot;');
}
