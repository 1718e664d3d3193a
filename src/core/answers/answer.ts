import { t } from '../i18n/strings';
import type { Lang } from '../lang';
import type { LlmFailure } from '../ports';

export interface Citation {
  /** The number of the [n] marker in the answer text. */
  n: number;
  /** Passage id: `path.md#heading-slug`. */
  id: string;
  /** Document path relative to the knowledge folder. */
  path: string;
  title: string;
  heading: string;
  source?: string;
  /** The words of the passage the answer rests on. */
  quote: string;
  lang: Lang;
  reviewed?: Date;
  /** Reviewed more than 12 months before the answer was given. */
  stale: boolean;
}

/** What follows the `[` of a citation marker: its numbers and the closing bracket ([2], [1, 3]). */
const MARKER_AHEAD = String.raw`(?=\s*\d+(?:\s*[,;]\s*\d+)*\s*\])`;
const MARKER_OPENING = new RegExp(`\\[${MARKER_AHEAD}`, 'g');
const JOINED_OPENING = new RegExp(`\\[\u2060${MARKER_AHEAD}`, 'g');

/**
 * Text Kompis quotes into an answer (a passage, a document's title, the asker's question) with each
 * "[2]" of its own, a footnote in a passage say, written with a word joiner after the "[": it
 * looks the same, and no channel reads it as a citation marker (Teams makes every [n] a citation
 * pill by its number), so the only markers in an answer are the ones Kompis adds.
 */
export function notMarkers(text: string): string {
  return text.replace(MARKER_OPENING, '[\u2060');
}

/**
 * Text of an answer as its writer wrote it, the word joiners of `notMarkers` taken out: for what no
 * chat channel renders (the terminal, `kompis ask --json`), where an invisible character is only
 * one more thing a reader or a script must know to skip.
 */
export function asWritten(text: string): string {
  return text.replace(JOINED_OPENING, '[');
}

/** How a citation is named to people: its document's title, and the section's heading after `separator` unless the section is the document's introduction (its heading is the title). */
export function citationName(c: Pick<Citation, 'title' | 'heading'>, separator: string): string {
  return c.heading && c.heading !== c.title ? `${c.title}${separator}${c.heading}` : c.title;
}

export type AbstainReason =
  | 'empty'
  /** Thanks or a greeting: answered in kind. */
  | 'social'
  | 'too_long'
  | 'no_evidence'
  | 'unknown_name'
  | 'prompt_injection';

/**
 * Why the answer is the store's own words where a model was to write it: the call failed, or the
 * model wrote nothing the checks keep, though retrieval found evidence enough to answer. It found no
 * answer in the passages (it abstained), or no sentence of its answer had a valid source.
 */
export type FallbackReason = LlmFailure | ModelDeclined;

/** The fallbacks where the model answered, but with nothing the checks keep: no failure of its call. */
export const MODEL_DECLINED = ['model_abstained', 'no_valid_citation'] as const;
export type ModelDeclined = (typeof MODEL_DECLINED)[number];

export type AnswerMode = 'llm' | 'extractive' | 'extractive_fallback';

/** A reply to thanks, a greeting or a message with nothing to search for: nothing was asked, so there is nothing to rate or send to the curators. */
export const asksNothing = (answer: Pick<Answer, 'abstainReason'>): boolean => answer.abstainReason === 'social' || answer.abstainReason === 'empty';

/**
 * A message Kompis did not take as a question: nothing to search for, too long to read, or an
 * attempt to change how it works. Its reply answers nothing, so there is nothing to rate, send to
 * the curators, or go on from.
 */
export const isRefusal = (answer: Pick<Answer, 'abstainReason'>): boolean =>
  answer.abstainReason === 'empty' || answer.abstainReason === 'too_long' || answer.abstainReason === 'prompt_injection';

/** A reply that takes no rating, curators' offer or follow-up: nothing was asked, or the message was refused. */
export const takesNoReaction = (answer: Pick<Answer, 'abstainReason'>): boolean => asksNothing(answer) || isRefusal(answer);

/** What core says in reply to a question, before any channel renders it. */
export interface Answer {
  question: string;
  lang: Lang;
  abstained: boolean;
  abstainReason?: AbstainReason;
  /** For the curators: what the store lacks ("the store never mentions 'allsvenskan'"), or which passage came closest. */
  why?: string;
  /** The answer with [n] markers, or the abstention sentence. */
  text: string;
  citations: Citation[];
  /** Answered from the store's closest passage, which the evidence says may not answer the question: the agent is asked to check it. */
  tentative?: boolean;
  mode: AnswerMode;
  fallbackReason?: FallbackReason;
  /** A follow-up as it was read, with the question asked before it in the thread ("og i Sverige?" as "Hvor mye pant er det i Sverige?"). */
  readAs?: string;
  /** Short remarks in the asker's language: how a follow-up was read, staleness, fallback, source language. */
  notes: string[];
  /** True when the question can go to the curators: the store lacked the answer, or came only close to it. */
  offerCurators: boolean;
  elapsedMs: number;
}

/**
 * The line an answer opens with, in every channel: where the evidence is thin, that it is the
 * closest the store has, to be checked, whether a model wrote it or it quotes the store; otherwise,
 * for quotes from the store, what they are. A model's sure answer and an abstention open with none.
 */
export function introOf(answer: Pick<Answer, 'abstained' | 'mode' | 'tentative' | 'lang'>): string | undefined {
  if (answer.abstained) return undefined;
  if (answer.tentative) return t(answer.lang, 'tentativeIntro');
  return answer.mode === 'llm' ? undefined : t(answer.lang, 'extractiveIntro');
}
