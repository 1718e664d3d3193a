import type { Lang } from '../lang';
import type { Calibration, Signals } from '../knowledge/calibration';
import { evidenceScore } from '../knowledge/calibration';
import { detectLanguage } from '../knowledge/detect-language';
import { type KnowledgeIndex, type QueryAnalysis, type SearchHit, weightOf } from '../knowledge/index';
import { asksForQuantity, questionReadings, statesQuantity, unshouted, withoutAddresses, withoutSocialAsides } from '../knowledge/text';
import { bestSentence } from './extractive';
import { rankFeatures, RERANK_DEPTH, rerank, type RankContext } from './rerank';
import { sentenceEvidence } from './sentence-evidence';
import type { NearestPassages } from '../knowledge/vector-index';
import type { Passage } from '../knowledge/document';
import { DEFAULT_CALIBRATION } from './default-calibration';

export interface Retrieval {
  /** The question as read and searched: without greetings and web addresses, in lower case if shouted, as meant where mistyped, its asking sentences alone where the whole does not answer. */
  text: string;
  lang: Lang;
  analysis: QueryAnalysis;
  hits: SearchHit[];
  /** The signals the decision weighed, and its score (positive: answer). */
  signals?: Signals;
  score: number;
  /** Strong enough to answer from, but not by much: the closest passage, which may not answer the question (see `Calibration.tentativeBelow`). */
  tentative: boolean;
  /** Why the evidence is too weak to answer from, or undefined when it is strong enough. */
  weak?: 'no_evidence' | 'unknown_name';
  /** For the curators: what the store lacks, in plain words. */
  why?: string;
}

/**
 * Question → language, passages ranked (lexical and n-gram, fused with embeddings when configured), and one decision on the evidence.
 * A message read more than one way (see `questionReadings`) is answered as a whole where its
 * evidence is strong enough, else from its asking sentences alone, in the whole message's language.
 */
export async function retrieve(
  question: string,
  index: KnowledgeIndex,
  opts: { hint?: Lang; fallback?: Lang; vectors?: NearestPassages; calibration?: Calibration; limit?: number },
): Promise<Retrieval> {
  const [whole, ...others] = questionReadings(question);
  const read = await retrieveReading(whole!, index, opts);
  if (read.weak === undefined) return read;
  // the whole message's context is kept wherever it answers: its asking sentences alone are a fallback
  for (const other of others) {
    const alone = await retrieveReading(other, index, { ...opts, lang: read.lang });
    if (alone.weak === undefined) return alone;
  }
  return read;
}

async function retrieveReading(question: string, index: KnowledgeIndex, opts: { hint?: Lang; fallback?: Lang; lang?: Lang; vectors?: NearestPassages; calibration?: Calibration; limit?: number }): Promise<Retrieval> {
  const { text, typed, lang, analysis, searched, ctx, similarityOf } = await search(question, index, opts);
  const { firsts } = searched;
  const calibration = opts.calibration ?? DEFAULT_CALIBRATION;
  const hits = calibration.ranking ? rerank(ctx, searched.hits, calibration.ranking) : searched.hits;
  if (!hits[0]) return { text, lang, analysis, hits, score: -Infinity, tentative: false, weak: 'no_evidence', why: 'the question has no words the store could search for' };
  // a model that weighs the embeddings' similarity decides only with it: without it (the embeddings
  // endpoint down for this question) the shipped model decides, which never weighs it
  const decides = similarityOf === undefined && calibration.weights.dense !== 0 ? DEFAULT_CALIBRATION : calibration;
  const scoreOf = (hit: SearchHit) => {
    const signals = signalsOf(text, analysis, hit, firsts, (w) => index.passageUses(hit.passage, w), similarityOf?.(hit.passage));
    return { signals, score: evidenceScore(decides, signals) };
  };
  // a version weighed and put first is not weighed again
  const { signals, score } = answerFromAskersMarket(hits, lang, analysis, index, scoreOf, decides.tentativeBelow ?? 0) ?? scoreOf(hits[0]!);
  const top = hits[0]!;
  const base = { text, lang, analysis, hits, signals, score, tentative: score >= 0 && score < (decides.tentativeBelow ?? 0) };
  const identifiers = identifiersOf(text, index).filter((id) => !index.passageUses(top.passage, id));
  if (identifiers.length > 0) return { ...base, weak: 'no_evidence', why: `no passage that answers it names ${identifiers.map((i) => `'${i}'`).join(', ')}` };
  if (score >= 0) return base;
  return { ...base, weak: analysis.unseenNames.length > 0 ? 'unknown_name' : 'no_evidence', why: whyWeak(text, analysis, top, asTyped(typed, text)) };
}

/**
 * A question that names no country is asked for the asker's own: where the first passage is written
 * for another country and the store has a version of its page in the asker's language (a
 * translation, the same topic written for the asker's country), the version's section that says
 * what the first says answers instead, if it answers the question without doubt of its own. A
 * Swedish agent asking where customers hand in old phones is told of the Swedish stores, not the Danish ones.
 */
function answerFromAskersMarket(
  hits: SearchHit[],
  lang: Lang,
  analysis: QueryAnalysis,
  index: KnowledgeIndex,
  scoreOf: (hit: SearchHit) => { signals: Signals; score: number },
  bar: number,
): { signals: Signals; score: number } | undefined {
  const top = hits[0];
  if (!top || analysis.markets.length > 0 || top.passage.lang === lang || !index.isMarketLanguage(lang) || !index.isMarketLanguage(top.passage.lang)) return undefined;
  const version = index.versionHit(top.passage, lang, analysis);
  const scored = version && scoreOf(version);
  if (!version || !scored || scored.score < bar) return undefined;
  const i = hits.findIndex((h) => h.passage === version.passage);
  // already among the hits, the version is weighed as the search measured it
  if (i >= 0) {
    hits.unshift(...hits.splice(i, 1));
    return undefined;
  }
  hits.unshift(Object.assign(version, { score: top.score }));
  return scored;
}

/** A question's language as retrieval reads it: by its words, the store's vocabulary and spelling, the client's locale and the default. */
export function questionLanguage(question: string, index: KnowledgeIndex, hint?: Lang, fallback?: Lang): Lang {
  return detectLanguage(question, { ...(hint ? { hint } : {}), ...(fallback ? { fallback } : {}), vocabulary: index.languagesOf, storeLanguages: index.languages, spelledIn: index.spelledIn, isName: index.isName });
}

/** Language, analysis and the passages in the fused order (with embeddings when configured), before the learned ordering. */
async function search(asked: string, index: KnowledgeIndex, opts: { hint?: Lang; fallback?: Lang; lang?: Lang; vectors?: NearestPassages; limit?: number }) {
  // the question as its asker meant it: no greeting or web address around it, not shouted, not mistyped
  const typed = unshouted(withoutAddresses(withoutSocialAsides(asked)));
  const question = index.asMeant(typed);
  const lang = opts.lang ?? questionLanguage(question, index, opts.hint, opts.fallback);
  const analysis = index.analyse(question, lang);
  const extra = [];
  let similarityOf: ((passage: Passage) => number) | undefined;
  if (opts.vectors) {
    const near = await opts.vectors.nearest(question, 30);
    if (near.ok) {
      extra.push(near.value.neighbours.map((n) => ({ id: index.positionOf(n.passage), score: n.similarity })).filter((n) => n.id >= 0));
      similarityOf = near.value.similarityOf;
    }
  }
  const searched = index.search(analysis, lang, opts.limit ?? RERANK_DEPTH, extra);
  const ctx: RankContext = { question, analysis, lang, firsts: searched.firsts, isMarketLanguage: index.isMarketLanguage };
  return { text: question, typed, lang, analysis, searched, ctx, similarityOf };
}

/**
 * The leading passages in the fused order, with what the final ordering weighs of each: what a
 * store's ordering is fitted on. The same search a live question gets, with the same options.
 */
export async function rankingCandidates(question: string, index: KnowledgeIndex, opts: { hint?: Lang; fallback?: Lang; vectors?: NearestPassages } = {}): Promise<{ paths: string[]; features: ReturnType<typeof rankFeatures> }> {
  const { searched, ctx } = await search(question, index, opts);
  const features = rankFeatures(ctx, searched.hits);
  return { paths: searched.hits.slice(0, features.length).map((h) => h.passage.path), features };
}

/** The general signals of how well the best passage answers the question, each between 0 and 1. */
export function signalsOf(question: string, analysis: QueryAnalysis, top: SearchHit, firsts: string[], topUses: (word: string) => boolean, similarity = 0): Signals {
  const total = weightOf(analysis.concepts) || 1;
  const unseen = weightOf(analysis.concepts.filter((c) => !c.known));
  const best = bestSentence(top, analysis.concepts);
  // an amount the question mentions is its circumstance; what it is pinned to, the answer must say
  const evidence = sentenceEvidence(question, top, analysis.concepts, analysis.pinned);
  const known = analysis.concepts.filter((c) => c.known);
  const knownTotal = weightOf(known);
  const knownHeld = weightOf(known.filter((c) => !top.missing.includes(c.word)));
  return {
    coverage: top.coverage,
    docCoverage: top.docCoverage,
    sentence: best.weight / total,
    noQuantity: asksForQuantity(question) && !statesQuantity(evidence.sentence || best.sentence, analysis.numbers, question, top.passage.lang) ? 1 : 0,
    unseen: unseen / total,
    ngram: top.ngram,
    agreement: firsts.length === 0 ? 0 : firsts.filter((f) => f === top.passage.path).length / firsts.length,
    heaviestMissing: analysis.maxIdf === 0 ? 0 : top.heaviestMissingIdf / analysis.maxIdf,
    missingNumber: analysis.pinned.some((n) => !topUses(n)) ? 1 : 0,
    unseenName: analysis.unseenNames.length > 0 ? 1 : 0,
    single: analysis.concepts.length === 1 ? 1 : 0,
    constrained: evidence.constrained,
    phraseApart: evidence.phraseApart,
    knownCoverage: knownTotal === 0 ? 0 : knownHeld / knownTotal,
    dense: similarity,
  };
}

/**
 * The words of a question as read, each to the word the agent typed where the two differ ("bläck"
 * read for "Black"): asMeant reads a question word by word, so the two hold their words in one order.
 */
function asTyped(typed: string, meant: string): Map<string, string> {
  const [asked, read] = [typed.match(/\p{L}+/gu) ?? [], meant.match(/\p{L}+/gu) ?? []];
  const out = new Map<string, string>();
  if (asked.length !== read.length) return out;
  read.forEach((w, i) => {
    if (w.toLowerCase() !== asked[i]!.toLowerCase()) out.set(w.toLowerCase(), asked[i]!);
  });
  return out;
}

/** Why the evidence is too weak, for the curators, in the words the agent typed. */
function whyWeak(question: string, analysis: QueryAnalysis, top: SearchHit, typed: Map<string, string>): string {
  // a number is searched for in its parts ("0,33": 0 and 33), but named as the question writes it
  const numbers = question.match(/\p{N}+(?:[.,]\p{N}+)+/gu) ?? [];
  const asWritten = (w: string) => (/^\p{N}+$/u.test(w) ? (numbers.find((n) => n.split(/[.,]/).includes(w)) ?? w) : (typed.get(w.toLowerCase()) ?? w));
  const quote = (ws: string[]) => [...new Set(ws.map(asWritten))].map((w) => `'${w}'`).join(', ');
  if (analysis.unseenNames.length > 0) return `the store never mentions ${quote(analysis.unseenNames)}`;
  const unseen = analysis.concepts.filter((c) => !c.known).map((c) => c.word);
  if (unseen.length > 0) return `the store never mentions ${quote(unseen)}`;
  if (top.missing.length > 0) return `the closest passage (${top.passage.id}) does not speak of ${quote(top.missing)}`;
  return `the closest passage (${top.passage.id}) holds too little of the question`;
}

/**
 * The identifiers a question names: a code of letters and two or more digits (S24, A54, 501R) or a
 * short number right after a capitalised name (Vision 65, Route 37). Each pins the question to one
 * thing, so a passage about another (the Vision 55) does not answer it, however much else it shares.
 * One the store writes in a third of its passages or more is no identifier but a unit or a common label.
 */
export function identifiersOf(question: string, index?: KnowledgeIndex): string[] {
  const isCode = (tok: string) => /^\p{L}{1,4}\d{2,4}\p{L}?$/u.test(tok) || /^\d{2,4}\p{L}{1,2}$/u.test(tok);
  const tokens = question.match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  tokens.forEach((tok, i) => {
    const previous = tokens[i - 1];
    const afterName = /^\d{1,3}$/.test(tok) && previous !== undefined && /^\p{Lu}\p{Ll}/u.test(previous);
    if (isCode(tok) || afterName) out.push(tok.toLowerCase());
  });
  // a code written with a hyphen is as much a code: HV-300, 501-R
  for (const joined of question.match(/[\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)+/gu) ?? []) {
    const code = joined.replace(/[-‐]/g, '');
    if (isCode(code)) out.push(code.toLowerCase());
  }
  return [...new Set(out)].filter((id) => !index || index.shareOfPassagesWith(id) < 1 / 3);
}
