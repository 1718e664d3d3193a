import MiniSearch from 'minisearch';
import type { Lang } from '../lang';
import type { KnowledgeDocument, Passage } from './document';
import { Glossary } from './glossary';
import { allStems, contentWords, documentTerms, isStopWord, words } from './text';

/** One word of a question, with every term that counts as finding it. */
export interface Concept {
  word: string;
  /** Stems of the word in each language, and of its compound parts. */
  own: string[];
  /** Stems of its glossary equivalents in the four languages. */
  equivalents: string[];
  /** Ranking weight: inverse document frequency of the best-known form; unknown words weigh the most. */
  weight: number;
  /** Inverse document frequency of the best-known form; a word the store has never seen has that of a frequency of zero. */
  idf: number;
  known: boolean;
  /** Names a topic: the store has never seen it, or holds it in less than a third of its passages. */
  specific: boolean;
}

export interface SearchHit {
  passage: Passage;
  score: number;
  /** Share (0–1) of the question's weighted words that this passage contains. */
  coverage: number;
  /** The same share over the passage's whole document: the evidence that the store covers the question. */
  docCoverage: number;
  missing: string[];
  /** The question's specific words that this passage or its document title holds. */
  anchors: string[];
  /** Summed idf of the question's words that this passage or its title holds. */
  heldIdf: number;
  /** Summed idf of the question's words that neither this passage nor its title holds. */
  lackingIdf: number;
}

export interface QueryAnalysis {
  concepts: Concept[];
  /** Names, model numbers and years in the question that the store has never heard of. */
  unknownNames: string[];
}

const FIELDS = ['title', 'heading', 'text', 'tags'] as const;
const EQUIVALENT_BOOST = 0.6;
const RERANK_DEPTH = 30;
/** A document in the asker's language is usually the one for the asker's country and customers. */
const SAME_LANGUAGE_BOOST = 1.4;
const COVERAGE_FLOOR = 0.25;
/**
 * A word the store has never seen weighs this share of the rarest known word: enough that a
 * question made of unknown words finds no evidence, not so much that one paraphrase sinks a question.
 */
const UNKNOWN_WEIGHT = 0.6;
/** A word in this share of the store's passages or more (the company's name, "product") names no topic. */
const COMMON_SHARE = 1 / 3;

/** The searchable store: lexical (BM25+ via MiniSearch) over stemmed, stop-word-free terms. */
export class KnowledgeIndex {
  readonly passages: Passage[];
  private readonly search_: MiniSearch<{ id: number; lang: Lang }>;
  private readonly termsOf: Set<string>[] = [];
  private readonly docTerms = new Map<string, Set<string>>();
  private readonly titleTerms = new Map<string, Set<string>>();
  private readonly df = new Map<string, number>();
  private readonly wordLangs = new Map<string, Set<Lang>>();
  private readonly maxIdf: number;

  constructor(
    documents: KnowledgeDocument[],
    private readonly glossary: Glossary,
  ) {
    this.passages = documents.flatMap((d) => d.passages);
    const fieldTerms = this.passages.map((p) => {
      for (const w of words(`${p.title} ${p.heading} ${p.text}`)) {
        let langs = this.wordLangs.get(w);
        if (!langs) this.wordLangs.set(w, (langs = new Set()));
        langs.add(p.lang);
      }
      return {
        title: documentTerms(p.title, p.lang),
        heading: documentTerms(p.heading, p.lang),
        text: documentTerms(p.text, p.lang),
        tags: p.tags.flatMap((t) => documentTerms(t, p.lang)),
      };
    });
    const vocabulary = new Set(fieldTerms.flatMap((f) => FIELDS.flatMap((k) => f[k])));
    for (const f of fieldTerms) for (const k of FIELDS) f[k] = f[k].flatMap((t) => [t, ...compoundParts(t, vocabulary)]);
    fieldTerms.forEach((f, i) => {
      const all = new Set(FIELDS.flatMap((k) => f[k]));
      // the document title is shared by all its passages: a passage's own coverage leaves it out,
      // so the section that itself speaks of the question ranks first
      this.termsOf[i] = new Set([...f.heading, ...f.text, ...f.tags]);
      const path = this.passages[i]!.path;
      if (!this.titleTerms.has(path)) this.titleTerms.set(path, new Set(f.title));
      const doc = this.docTerms.get(path) ?? new Set<string>();
      for (const t of all) doc.add(t);
      this.docTerms.set(path, doc);
      for (const t of all) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    });
    this.maxIdf = this.idf(1);

    this.search_ = new MiniSearch({
      fields: [...FIELDS],
      storeFields: ['lang'],
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      searchOptions: { boost: { title: 1.5, heading: 2, tags: 1.5, text: 1 } },
    });
    this.search_.addAll(
      fieldTerms.map((f, id) => ({
        id,
        lang: this.passages[id]!.lang,
        title: f.title.join(' '),
        heading: f.heading.join(' '),
        text: f.text.join(' '),
        tags: f.tags.join(' '),
      })),
    );
  }

  /** In which languages the store uses a word: lets the store's own vocabulary vote on a question's language. */
  languagesOf = (word: string): readonly Lang[] => [...(this.wordLangs.get(word) ?? [])];

  analyse(question: string, lang: Lang): QueryAnalysis {
    const vocabulary = { has: (t: string) => this.df.has(t) };
    const concepts = contentWords(question).map((word): Concept => {
      const whole = allStems(word, lang);
      const own = new Set(whole);
      for (const s of whole) for (const part of compoundParts(s, vocabulary)) own.add(part);
      const equivalents = new Set(this.glossary.expand(word, lang).flatMap((w) => words(w).flatMap((x) => allStems(x, lang))));
      for (const s of own) equivalents.delete(s);
      const dfs = (terms: Iterable<string>) => [...terms].map((t) => this.dfFuzzy(t)).filter((n) => n > 0);
      const knownDf = dfs([...own, ...equivalents]);
      const known = knownDf.length > 0;
      // how rare the word is, for evidence: its own frequency when the store holds it whole
      // (workshop, not shop), its parts' only when it does not
      const wholeDf = dfs([...whole, ...equivalents]);
      const df = wholeDf.length > 0 ? Math.max(...wholeDf) : known ? Math.max(...knownDf) : 0;
      return {
        word,
        own: [...own],
        equivalents: [...equivalents],
        known,
        weight: known ? this.idf(Math.max(...knownDf)) : this.maxIdf * UNKNOWN_WEIGHT,
        idf: this.idf(df),
        specific: df < this.passages.length * COMMON_SHARE,
      };
    });
    const unknownNames = nameLikeWords(question).filter((name) => !concepts.some((c) => c.known && c.word === name.toLowerCase()));
    return { concepts, unknownNames };
  }

  search(analysis: QueryAnalysis, lang: Lang, limit = 8): SearchHit[] {
    const boosts = new Map<string, number>();
    for (const c of analysis.concepts) {
      for (const t of c.equivalents) boosts.set(t, Math.max(boosts.get(t) ?? 0, EQUIVALENT_BOOST));
      for (const t of c.own) boosts.set(t, 1);
    }
    if (boosts.size === 0) return [];
    const results = this.search_.search(
      { combineWith: 'OR', queries: [...boosts.keys()] },
      {
        boostTerm: (term) => boosts.get(term) ?? 1,
        fuzzy: (term) => (term.length >= 7 && boosts.get(term) === 1 ? 1 : false),
        prefix: (term) => term.length >= 5 && boosts.get(term) === 1,
        boostDocument: (_id, _term, stored) => (stored?.lang === lang ? SAME_LANGUAGE_BOOST : 1),
        weights: { fuzzy: 0.45, prefix: 0.4 },
      },
    );
    // BM25 rewards a passage for repeating some of the words; coverage rewards holding all of them
    return results
      .slice(0, RERANK_DEPTH)
      .map((r) => {
        const id = r.id as number;
        const passage = this.passages[id]!;
        const { coverage, missing } = this.coverage(analysis.concepts, this.termsOf[id]!);
        const docCoverage = this.coverage(analysis.concepts, this.docTerms.get(passage.path)!).coverage;
        return { passage, score: r.score * (COVERAGE_FLOOR + coverage), coverage, docCoverage, missing, ...this.anchoring(analysis.concepts, id) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  private coverage(concepts: Concept[], terms: Set<string>): { coverage: number; missing: string[] } {
    let total = 0;
    let found = 0;
    const missing: string[] = [];
    for (const c of concepts) {
      total += c.weight;
      if (this.holds(c, terms)) found += c.weight;
      else missing.push(c.word);
    }
    return { coverage: total === 0 ? 0 : found / total, missing };
  }

  /**
   * Which of the question's specific words the passage or its title holds, and how much the
   * question asks that they do not: the passage a quote would come from must speak of the question,
   * not merely share a word with it.
   */
  private anchoring(concepts: Concept[], id: number): Pick<SearchHit, 'anchors' | 'heldIdf' | 'lackingIdf'> {
    const passage = this.termsOf[id]!;
    const title = this.titleTerms.get(this.passages[id]!.path)!;
    const anchors: string[] = [];
    let heldIdf = 0;
    let lackingIdf = 0;
    for (const c of concepts) {
      if (!this.holds(c, passage) && !this.holds(c, title)) {
        lackingIdf += c.idf;
        continue;
      }
      heldIdf += c.idf;
      if (c.specific) anchors.push(c.word);
    }
    return { anchors, heldIdf, lackingIdf };
  }

  private holds(c: Concept, terms: Set<string>): boolean {
    return c.own.some((t) => hasTerm(terms, t)) || c.equivalents.some((t) => terms.has(t));
  }

  private idf(df: number): number {
    const n = Math.max(this.passages.length, 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private dfFuzzy(term: string): number {
    const exact = this.df.get(term);
    if (exact) return exact;
    for (const [t, n] of this.df) if (nearTerm(t, term)) return n;
    return 0;
  }

  get size(): { documents: number; passages: number; terms: number } {
    return { documents: new Set(this.passages.map((p) => p.path)).size, passages: this.passages.length, terms: this.df.size };
  }
}

/**
 * Words that name something specific: capitalised inside a sentence (Samsung, CEO), mixed case
 * (iPhone) or carrying a number of two digits or more (2019, S24). If the store has never seen one,
 * it cannot answer a question about it.
 */
export function nameLikeWords(text: string): string[] {
  const out: string[] = [];
  for (const sentence of text.split(/(?<=[.!?:])\s+|\n+/)) {
    const tokens = sentence.match(/[\p{L}\p{N}]+(?:[-‐/][\p{L}\p{N}]+)*/gu) ?? [];
    tokens.forEach((tok, i) => {
      // in a compound only the part that is a name is one: "ESRS-temaer" names ESRS, not "temaer"
      for (const part of tok.split(/[-‐/]/)) {
        const capitalised = i > 0 && /\p{Lu}/u.test(part);
        const mixed = /\p{Ll}\p{Lu}/u.test(part);
        const numbered = /\p{N}{2,}/u.test(part);
        if ((capitalised || mixed || numbered) && part.length > 1 && !isStopWord(part.toLowerCase())) out.push(part);
      }
    });
  }
  return [...new Set(out)];
}

function hasTerm(terms: Set<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (term.length < 4) return false;
  for (const t of terms) if (nearTerm(t, term)) return true;
  return false;
}

/**
 * A longer word holding the term as a part (an inflection or a compound: lever → innlevering), or a
 * one-letter typo of a long word.
 */
function nearTerm(candidate: string, term: string): boolean {
  if (term.length >= 4 && candidate.length > term.length) {
    const at = candidate.indexOf(term);
    if (at === 0 || (at >= 3 && term.length >= 5)) return true;
  }
  return term.length >= 7 && Math.abs(candidate.length - term.length) <= 1 && editDistanceAtMostOne(candidate, term);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}

/**
 * Parts of a Nordic compound that the store knows on their own: elsykkelbatteri → elsykkel, batteri.
 * Only splits where the tail is a known word of four letters or more, so short noise is not indexed.
 */
export function compoundParts(term: string, vocabulary: { has(t: string): boolean }): string[] {
  if (term.length < 8) return [];
  for (let i = 3; i <= term.length - 4; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i);
    if (!vocabulary.has(tail)) continue;
    const heads = [head, head.replace(/[se]$/, '')].filter((h) => h.length >= 3 && vocabulary.has(h));
    return heads.length > 0 ? [heads[0]!, tail] : [tail];
  }
  return [];
}
