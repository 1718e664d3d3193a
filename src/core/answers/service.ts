import type { Lang } from '../lang';
import { LANG_NAMES } from '../lang';
import { t } from '../i18n/strings';
import type { Passage } from '../knowledge/document';
import type { Concept, KnowledgeIndex, QueryAnalysis, SearchHit } from '../knowledge/index';
import type { Calibration, Signals } from '../knowledge/calibration';
import { asksForQuantity, socialMessage, statesQuantity } from '../knowledge/text';
import type { NearestPassages } from '../knowledge/vector-index';
import type { Clock, Llm, Logger } from '../ports';
import { type AbstainReason, type Answer, type AnswerMode, type Citation, type FallbackReason, notMarkers } from './answer';
import { askedNumbers, complement, excerpt, type Excerpt, isQuestion, quoteOf, sameContent } from './extractive';
import { answeringSections, sectionsOf, STRONGEST_SENTENCE } from './answering-section';
import { conceptsIn, matcherOf } from './concept-match';
import { DEFAULT_CALIBRATION } from './default-calibration';
import { groundedAnswer, type GroundedOutcome } from './grounded';
import { streamGroundedAnswer } from './grounded-stream';
import { looksLikeInjection, MAX_QUESTION_CHARS, normaliseQuestion } from './guard';
import type { Prompts } from './prompts';
import { inContext } from './follow-up';
import { questionLanguage, retrieve } from './retrieve';

const STALE_AFTER_MS = 365 * 24 * 3600 * 1000;
const MAX_EXTRACTIVE_PASSAGES = 2;
/**
 * How likely, against the most likely section, the next must be for both to be quoted: a third as
 * likely. Quoting the runner-up costs the agent a sentence or two to read; missing the answer costs
 * the customer a wrong or incomplete one.
 */
const RUNNER_UP_SHARE = 1 / 3;

/**
 * A second quote is worth reading only when it speaks of the question: a sentence sharing one word
 * of it does not. Of another section of the document quoted first, its heading counts too: the
 * document is the one the question is about, and the heading says what its section is.
 */
export function speaksOf(quote: Excerpt, concepts: Concept[], withHeading = false): boolean {
  // a heading over no sentence quotes nothing
  if (quote.sentences.length === 0) return false;
  const text = withHeading ? [quote.hit.passage.heading, ...quote.sentences].join('\n') : quoteOf(quote.sentences);
  return conceptsIn(text, matcherOf(concepts)).size >= 2;
}

export interface AnswerServiceDeps {
  index: KnowledgeIndex;
  clock: Clock;
  logger: Logger;
  llm?: { client: Llm; prompts: Prompts; timeoutMs: number };
  vectors?: NearestPassages;
  /** The store's own answer-or-abstain model (`_calibration.json`); the shipped one otherwise. */
  calibration?: Calibration;
  defaultLang?: Lang;
}

export interface AskOptions {
  /** The asker's language as their client reports it; detection still wins on a clear question. */
  hint?: Lang;
  /** The question asked before this one in the same thread, which a follow-up goes on from (see `inContext`). */
  previous?: string;
}

/** A streamed answer: checked text as the model writes it, then the answer that ends it. */
export type AnswerEvent = { kind: 'text'; text: string } | { kind: 'answer'; answer: Answer };

type Ranked = { answer: Answer; ranked: string[]; score?: number; signals?: Signals };

/** Question in, grounded answer or plain abstention out. Never throws for an expected failure. */
export class AnswerService {
  constructor(private readonly deps: AnswerServiceDeps) {}

  /** True when a model writes the answers, so they can be streamed as they are written. */
  get streams(): boolean {
    return this.deps.llm !== undefined;
  }

  async ask(rawQuestion: string, opts: AskOptions = {}): Promise<Answer> {
    return (await this.askWithRanking(rawQuestion, opts)).answer;
  }

  /** The answer and the document paths search ranked for it (for evaluation). */
  async askWithRanking(rawQuestion: string, opts: AskOptions = {}): Promise<Ranked> {
    const run = this.run(rawQuestion, opts, false);
    for (;;) {
      const step = await run.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The answer as it is written: sentences whose citations are checked ('text'), then the answer
   * ('answer'). The answer's text is what the final message says; where it differs from what was
   * streamed (the extractive answer, after the model failed, abstained or wrote nothing the checks
   * keep) it replaces it. Without a model only the answer comes.
   */
  async *askStream(rawQuestion: string, opts: AskOptions = {}): AsyncGenerator<AnswerEvent> {
    const run = this.run(rawQuestion, opts, true);
    for (;;) {
      const step = await run.next();
      if (step.done) {
        yield { kind: 'answer', answer: step.value.answer };
        return;
      }
      yield step.value;
    }
  }

  private async *run(rawQuestion: string, opts: AskOptions, stream: boolean): AsyncGenerator<{ kind: 'text'; text: string }, Ranked> {
    const started = Date.now();
    let ranked: string[] = [];
    let decision: { score?: number; signals?: Signals } = {};
    const { hint } = opts;
    const fallback = this.deps.defaultLang;
    const message = normaliseQuestion(rawQuestion);
    let question = message;
    const done = (a: Omit<Answer, 'elapsedMs' | 'question'>) => {
      // a follow-up is answered, and listed for the curators, as it was read: with the question before it
      const readAs = question !== message ? question : undefined;
      const answer = { ...a, question, elapsedMs: Date.now() - started, ...(readAs ? { readAs, notes: [t(a.lang, 'readInContext', { question: notMarkers(readAs) }), ...a.notes] } : {}) };
      return { answer, ranked, ...decision };
    };
    const early = (lang: Lang, reason: AbstainReason, text: string) =>
      done({ lang, abstained: true, abstainReason: reason, text, citations: [], mode: 'extractive', notes: [], offerCurators: false });

    if (!question) return early(hint ?? fallback ?? 'nb', 'empty', t(hint ?? fallback ?? 'nb', 'empty'));
    if (rawQuestion.length > MAX_QUESTION_CHARS) {
      // the language only, as retrieval tells it: nothing is searched for a question that is refused
      const lang = questionLanguage(question.slice(0, 500), this.deps.index, hint, fallback);
      return early(lang, 'too_long', t(lang, 'tooLong', { length: rawQuestion.length, max: MAX_QUESTION_CHARS }));
    }
    // thanks and greetings ask nothing: answered in kind, not searched for, and no question for the curators
    const social = socialMessage(question);
    if (social) {
      const read = questionLanguage(question, this.deps.index, hint, fallback);
      const lang = social.langs.includes(read) ? read : social.langs[0]!;
      return early(lang, 'social', t(lang, social.kind === 'thanks' ? 'welcome' : 'hello'));
    }
    const previous = opts.previous ? normaliseQuestion(opts.previous) : '';
    question = (previous && inContext(message, previous, this.deps.index)) || message;

    const retrieval = await retrieve(question, this.deps.index, {
      ...(hint ? { hint } : {}),
      ...(fallback ? { fallback } : {}),
      ...(this.deps.vectors ? { vectors: this.deps.vectors } : {}),
      ...(this.deps.calibration ? { calibration: this.deps.calibration } : {}),
    });
    const { lang } = retrieval;
    ranked = retrieval.hits.map((h) => h.passage.path);
    decision = { score: retrieval.score, ...(retrieval.signals ? { signals: retrieval.signals } : {}) };
    if (looksLikeInjection(question)) return early(lang, 'prompt_injection', t(lang, 'injection'));
    // a message of stop words and signs alone ("ok", "???", "+") asks nothing the curators could answer
    if (retrieval.analysis.concepts.length === 0) return early(lang, 'empty', t(lang, 'empty'));
    if (retrieval.weak) return done(this.abstention(lang, retrieval.weak, retrieval.why));
    let fallbackReason: FallbackReason | undefined;
    if (this.deps.llm) {
      const { client, prompts, timeoutMs } = this.deps.llm;
      const signal = AbortSignal.timeout(timeoutMs);
      // a stream always ends with its outcome; the failure is only what an empty stream would mean
      let outcome: GroundedOutcome = { kind: 'failed', error: 'invalid_response' };
      if (!stream) outcome = await groundedAnswer(client, prompts, question, lang, retrieval.hits, signal);
      else {
        for await (const event of streamGroundedAnswer(client, prompts, question, lang, retrieval.hits, signal)) {
          if (event.kind === 'text') yield event;
          else outcome = event.outcome;
        }
      }
      if (outcome.kind === 'answer') {
        const passages = outcome.value.cited.map((id) => retrieval.hits.find((h) => h.passage.id === id)!);
        const citations = passages.map((h, i) => this.citation(i + 1, h.passage, quoteOf(excerpt(h, retrieval.analysis.concepts).sentences)));
        const answer = { lang, abstained: false, text: outcome.value.text, citations, mode: 'llm' as const, notes: this.notes(lang, citations), offerCurators: false };
        return done(retrieval.tentative ? this.closest(answer) : answer);
      }
      // retrieval found enough to answer from: where the model gives no answer the checks keep, the
      // store's own words are the answer, not "the store does not say" (it does, as far as anyone knows)
      if (outcome.kind === 'abstain') {
        fallbackReason = outcome.reason;
        this.deps.logger.info({ reason: outcome.reason }, 'the language model gave no answer the citation checks keep; answering extractively');
      } else {
        fallbackReason = outcome.error;
        // the server's words say what to fix (a model not pulled, a parameter refused); never a key (see the adapter)
        this.deps.logger.warn({ reason: outcome.error, ...(outcome.message ? { detail: outcome.message } : {}) }, 'language model failed; answering extractively');
      }
    }
    const answer = this.extractive(lang, retrieval.text, retrieval.hits, retrieval.analysis, fallbackReason);
    return done(retrieval.tentative ? this.closest(answer) : answer);
  }

  /**
   * An answer from the closest the store has, which the evidence says may not answer the question:
   * marked so (the agent is asked to check it) whoever wrote its words, the model or the quote. The
   * curators see where the store is thin: the question, and the passage that came closest.
   */
  private closest(answer: Omit<Answer, 'elapsedMs' | 'question'>): Omit<Answer, 'elapsedMs' | 'question'> {
    return { ...answer, tentative: true, offerCurators: true, why: `answered from the closest passage (${answer.citations[0]!.id}), which may not answer it` };
  }

  private extractive(lang: Lang, question: string, hits: SearchHit[], analysis: QueryAnalysis, fallbackReason?: FallbackReason): Omit<Answer, 'elapsedMs' | 'question'> {
    const { concepts } = analysis;
    // the ranking finds the document; the figure asked for is often in another of its sections
    const sections = answeringSections(question, analysis, hits, this.deps.index, (this.deps.calibration ?? DEFAULT_CALIBRATION).answering ?? STRONGEST_SENTENCE);
    const top = sections[0]?.hit ?? hits[0]!;
    const excerpts = [excerpt(top, concepts, undefined, question)];
    // a question that asks two things is often answered in two sections of one document
    const more = complement(excerpts[0]!, sectionsOf(top, this.deps.index), concepts, question);
    // within one document the same sentence is the same content; a shared number is not (two language versions are)
    if (more && !excerpts[0]!.sentences.includes(more.sentences[0]!)) excerpts.push(more);
    for (const h of hits.slice(1)) {
      if (excerpts.length >= MAX_EXTRACTIVE_PASSAGES) break;
      // a second passage only when it is nearly as good and says something the first does not:
      // one clear source beats two loose ones, and a translation of the first is the same source
      if (h.passage.path === top.passage.path || h.score < top.score * 0.6 || h.coverage < top.coverage) continue;
      const second = excerpt(h, concepts, 2, question);
      if (speaksOf(second, concepts) && !excerpts.some((e) => sameContent(e.sentences, second.sentences))) excerpts.push(second);
    }
    // when the model is unsure which of two sections holds the answer, both are quoted, the likelier
    // first and the other after it, whatever else is quoted: one quote more than the ranking gives
    const runnerUp = sections[1];
    const unsure = (r: { likelihood: number }) => r.likelihood >= RUNNER_UP_SHARE * sections[0]!.likelihood;
    if (runnerUp && unsure(runnerUp) && excerpts.length <= MAX_EXTRACTIVE_PASSAGES && !excerpts.some((e) => e.hit.passage.id === runnerUp.hit.passage.id)) {
      // an FAQ's question states nothing: only what the section says is quoted
      const quoted = excerpt(runnerUp.hit, concepts, 2, question);
      const also = { ...quoted, sentences: quoted.sentences.filter((s) => !isQuestion(s)) };
      if (speaksOf(also, concepts, true)) {
        const twin = excerpts.findIndex((e) => sameContent(e.sentences, also.sentences));
        if (twin < 0) excerpts.splice(1, 0, also);
        // another document saying the same in another language gives way to this section in the asker's
        else if (twin > 0 && excerpts[twin]!.hit.passage.lang !== lang && also.hit.passage.lang === lang) excerpts.splice(twin, 1, also);
      }
    }
    // a question that asks how many or how much is answered first by the document's quote that states a number
    const asked = askedNumbers(question);
    if (asksForQuantity(question) && !statesQuantity(quoteOf(excerpts[0]!.sentences), asked, question, excerpts[0]!.hit.passage.lang)) {
      const stating = excerpts.findIndex((e) => e.hit.passage.path === top.passage.path && statesQuantity(quoteOf(e.sentences), asked, question, e.hit.passage.lang));
      if (stating > 0) excerpts.unshift(...excerpts.splice(stating, 1));
    }
    const citations = excerpts.map((e, i) => this.citation(i + 1, e.hit.passage, quoteOf(e.sentences)));
    const text = excerpts.map((e, i) => `${notMarkers(quoteOf(e.sentences))} [${i + 1}]`).join('\n');
    const mode: AnswerMode = fallbackReason ? 'extractive_fallback' : 'extractive';
    const notes = this.notes(lang, citations);
    if (fallbackReason) notes.unshift(t(lang, 'fallback', { reason: t(lang, `reason_${fallbackReason}`) }));
    return { lang, abstained: false, text, citations, mode, ...(fallbackReason ? { fallbackReason } : {}), notes, offerCurators: false };
  }

  private abstention(lang: Lang, reason: AbstainReason, why?: string): Omit<Answer, 'elapsedMs' | 'question'> {
    return { lang, abstained: true, abstainReason: reason, ...(why ? { why } : {}), text: t(lang, 'notInStore'), citations: [], mode: 'extractive', notes: [], offerCurators: true };
  }

  private citation(n: number, p: Passage, quote: string): Citation {
    const stale = p.reviewed !== undefined && this.deps.clock.now().getTime() - p.reviewed.getTime() > STALE_AFTER_MS;
    return {
      n,
      id: p.id,
      path: p.path,
      title: p.title,
      heading: p.heading,
      ...(p.source ? { source: p.source } : {}),
      quote,
      lang: p.lang,
      ...(p.reviewed ? { reviewed: p.reviewed } : {}),
      stale,
    };
  }

  private notes(lang: Lang, citations: Citation[]): string[] {
    const notes: string[] = [];
    const stale = citations.filter((c) => c.stale);
    // two sections of one document are one source to review
    const staleDocs = [...new Map(stale.map((c) => [c.path, c])).values()];
    if (staleDocs.length > 0) notes.push(t(lang, 'stale', { sources: staleDocs.map((c) => `[${c.n}] ${notMarkers(c.title)}`).join(', ') }));
    const other = [...new Set(citations.map((c) => c.lang).filter((l) => l !== lang))];
    if (other.length > 0) notes.push(t(lang, 'otherLanguage', { langs: other.map((l) => LANG_NAMES[lang][l]).join(', ') }));
    return notes;
  }
}
