import type { Lang } from '../lang';
import { detectLanguage } from '../knowledge/detect-language';
import type { KnowledgeIndex, QueryAnalysis, SearchHit } from '../knowledge/index';
import { words } from '../knowledge/text';
import type { VectorIndex } from '../knowledge/vector-index';

export interface EvidencePolicy {
  /** Share of the question's weighted words the best passage's document must hold. */
  minCoverage: number;
  /** Share the best passage itself must hold: it is what the answer quotes. */
  minPassageCoverage: number;
  /** Cosine similarity at which an embedding match alone counts as evidence. */
  minSimilarity: number;
}

export const DEFAULT_EVIDENCE: EvidencePolicy = { minCoverage: 0.4, minPassageCoverage: 0.3, minSimilarity: 0.5 };

export interface Retrieval {
  lang: Lang;
  analysis: QueryAnalysis;
  hits: SearchHit[];
  /** Why the evidence is too weak to answer from, or undefined when it is strong enough. */
  weak?: 'no_evidence' | 'unknown_name';
}

const RRF_K = 60;

/** Question → language, passages ranked (lexical, fused with embeddings when configured), and a verdict on the evidence. */
export async function retrieve(
  question: string,
  index: KnowledgeIndex,
  opts: { hint?: Lang; vectors?: VectorIndex; policy?: EvidencePolicy; limit?: number },
): Promise<Retrieval> {
  const policy = opts.policy ?? DEFAULT_EVIDENCE;
  const lang = detectLanguage(question, { ...(opts.hint ? { hint: opts.hint } : {}), vocabulary: index.languagesOf });
  const analysis = index.analyse(question, lang);
  const limit = opts.limit ?? 6;
  let hits = index.search(analysis, lang, 20);
  let bestSimilarity = 0;

  if (opts.vectors) {
    const near = await opts.vectors.nearest(question, 20);
    if (near.ok) {
      bestSimilarity = near.value[0]?.similarity ?? 0;
      hits = fuse(hits, near.value.map((n) => ({ id: n.passage.id, similarity: n.similarity })), index);
    }
  }
  // a question about one Nordic country is answered from what holds for that country first
  const countries = countriesOf(question);
  if (countries.size > 0) hits = [...hits.filter((h) => fitsCountry(h, countries)), ...hits.filter((h) => !fitsCountry(h, countries))];
  hits = hits.slice(0, limit);

  const top = hits[0];
  let weak: Retrieval['weak'];
  if (!top || analysis.concepts.length === 0) weak = 'no_evidence';
  else if (analysis.unknownNames.length > 0 && bestSimilarity < policy.minSimilarity) weak = 'unknown_name';
  else if ((top.docCoverage < policy.minCoverage || top.coverage < policy.minPassageCoverage || !anchored(top)) && bestSimilarity < policy.minSimilarity) weak = 'no_evidence';
  else if (!holdsIdentifiers(top, identifiersOf(question, analysis))) weak = 'no_evidence';
  return weak ? { lang, analysis, hits, weak } : { lang, analysis, hits };
}

/**
 * The passage speaks of what the question asks: it holds two or more of the question's specific
 * words, or what it holds of the question outweighs what it lacks (by idf). A passage that shares a
 * single topic word with the question ("share", "warehouse") while the question asks about
 * something the passage never mentions (a share price, opening hours) is no evidence; a word the
 * store has never seen weighs the most, so it tips the balance.
 */
export function anchored(hit: SearchHit): boolean {
  return hit.anchors.length >= 2 || hit.heldIdf > hit.lackingIdf;
}

/**
 * The model numbers a question names: "the Vision 65", "a Galaxy S24", "Book 14". They pin the
 * question to one product; a passage about the Vision 55 does not answer it, however much else it
 * shares. A number a customer tells in passing ("after 14 months") is not one, nor a unit (CO2),
 * nor a word the store uses everywhere.
 */
export function identifiersOf(question: string, analysis?: QueryAnalysis): string[] {
  const tokens = question.match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  tokens.forEach((tok, i) => {
    // letters and two or more digits (S24, A54): CO2 and CO2e, with one, are units
    const model = /^\p{L}{1,4}\d{2,4}\p{L}?$/u.test(tok);
    // a size or number after a name (Vision 65, Book 14); four digits after a capital are a year (September 2026)
    const previous = tokens[i - 1];
    const afterName = /^\d{1,3}$/.test(tok) && previous !== undefined && /^\p{Lu}\p{Ll}/u.test(previous);
    if (model || afterName) out.push(tok.toLowerCase());
  });
  const common = (id: string) => analysis?.concepts.some((c) => c.word === id && c.known && !c.specific) ?? false;
  return [...new Set(out)].filter((id) => !common(id));
}

function holdsIdentifiers(hit: SearchHit, identifiers: string[]): boolean {
  if (identifiers.length === 0) return true;
  const held = new Set(words(`${hit.passage.title} ${hit.passage.heading} ${hit.passage.text}`, false));
  return identifiers.every((id) => held.has(id));
}

/** The words that name Norway, Sweden or Denmark, or their people and language, in our four languages. */
const COUNTRY_WORDS: Record<'nb' | 'sv' | 'da', string[]> = {
  nb: ['norge', 'noreg', 'norway', 'norsk', 'norske', 'norska', 'norwegian', 'nordmenn', 'nordmænd'],
  sv: ['sverige', 'sweden', 'svensk', 'svenska', 'svenske', 'swedish', 'svenskar', 'svenskere'],
  da: ['danmark', 'denmark', 'dansk', 'danska', 'danske', 'danish', 'dansker', 'danskar', 'danskere'],
};

/** Which of the Nordic markets a question names: each is served by the documents in its language. */
export function countriesOf(question: string): Set<Lang> {
  const asked = new Set(words(question, false));
  return new Set((Object.keys(COUNTRY_WORDS) as ('nb' | 'sv' | 'da')[]).filter((lang) => COUNTRY_WORDS[lang].some((w) => asked.has(w))));
}

/**
 * A passage holds for the countries asked about: it is written for one of them, or for all (the
 * English documents: EU rules and group-wide facts), or names one of them itself.
 */
function fitsCountry(hit: SearchHit, countries: Set<Lang>): boolean {
  if (hit.passage.lang === 'en' || countries.has(hit.passage.lang)) return true;
  const held = new Set(words(`${hit.passage.title} ${hit.passage.text}`, false));
  return [...countries].some((lang) => COUNTRY_WORDS[lang as 'nb' | 'sv' | 'da'].some((w) => held.has(w)));
}

/** Reciprocal rank fusion of the lexical ranking and the embedding ranking. */
function fuse(lexical: SearchHit[], vector: { id: string; similarity: number }[], index: KnowledgeIndex): SearchHit[] {
  const scores = new Map<string, number>();
  const byId = new Map<string, SearchHit>();
  lexical.forEach((h, rank) => {
    byId.set(h.passage.id, h);
    scores.set(h.passage.id, 1 / (RRF_K + rank + 1));
  });
  vector.forEach((v, rank) => {
    scores.set(v.id, (scores.get(v.id) ?? 0) + 1 / (RRF_K + rank + 1));
    if (!byId.has(v.id)) {
      const passage = index.passages.find((p) => p.id === v.id);
      if (passage) byId.set(v.id, { passage, score: 0, coverage: 0, docCoverage: 0, missing: [], anchors: [], heldIdf: 0, lackingIdf: 0 });
    }
  });
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1])
    .flatMap(([id, score]) => {
      const hit = byId.get(id);
      return hit ? [{ ...hit, score }] : [];
    });
}
