import type { Lang } from '../lang';
import type { Thesaurus } from './thesaurus';

/**
 * Which documents of a store are versions of one page in different languages: a translation, or a
 * country's variant of the same topic. Each document is read as the concepts it holds: a thesaurus
 * set stands for its words in every language, any other term (a word, a number, a name) for itself,
 * each weighted by how few documents hold it. Two documents are versions when each is the other's
 * closest document in its language and they share something at all.
 */
export class PageVersions {
  private readonly paths: string[];
  private readonly langs: Lang[];
  /** Per concept, the documents holding it and its weight there (each document's vector of unit length). */
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();
  /** Per document, its concepts and their weights. */
  private readonly vectors: { key: string; weight: number }[][] = [];
  private readonly closest = new Map<string, number>();
  private readonly indexOf: Map<string, number>;

  constructor(documents: Map<string, { lang: Lang; terms: Iterable<string> }>, thesaurus: Thesaurus) {
    this.paths = [...documents.keys()];
    this.langs = [...documents.values()].map((d) => d.lang);
    this.indexOf = new Map(this.paths.map((p, i) => [p, i]));
    const keysOf = [...documents.values()].map(({ terms }) => {
      const keys = new Set<string>();
      for (const t of terms) {
        const sets = thesaurus.setsOfStem(t);
        if (sets.length === 0) keys.add(t);
        else for (const id of sets) keys.add(`#${id}`);
      }
      return keys;
    });
    const df = new Map<string, number>();
    for (const keys of keysOf) for (const k of keys) df.set(k, (df.get(k) ?? 0) + 1);
    const n = keysOf.length;
    keysOf.forEach((keys, doc) => {
      const weights = [...keys].map((k) => [k, Math.log((n + 1) / df.get(k)!)] as const);
      const norm = Math.sqrt(weights.reduce((s, [, w]) => s + w * w, 0)) || 1;
      this.vectors[doc] = weights.map(([key, w]) => ({ key, weight: w / norm }));
      for (const [k, w] of weights) {
        let list = this.postings.get(k);
        if (!list) this.postings.set(k, (list = []));
        list.push({ doc, weight: w / norm });
      }
    });
  }

  areVersions(a: string, b: string): boolean {
    const i = this.indexOf.get(a);
    const j = this.indexOf.get(b);
    if (i === undefined || j === undefined || this.langs[i] === this.langs[j]) return false;
    return this.closestIn(i, this.langs[j]!) === j && this.closestIn(j, this.langs[i]!) === i;
  }

  /** The document in `lang` most similar to document `doc` (cosine), or -1 when none shares a concept with it. */
  private closestIn(doc: number, lang: Lang): number {
    const key = `${doc}:${lang}`;
    const known = this.closest.get(key);
    if (known !== undefined) return known;
    const dot = new Map<number, number>();
    for (const { key: concept, weight } of this.vectors[doc]!) {
      for (const p of this.postings.get(concept)!) if (p.doc !== doc && this.langs[p.doc] === lang) dot.set(p.doc, (dot.get(p.doc) ?? 0) + weight * p.weight);
    }
    let best = -1;
    let most = 0;
    for (const [other, similarity] of dot) if (similarity > most || (similarity === most && other < best)) [best, most] = [other, similarity];
    this.closest.set(key, best);
    return best;
  }
}
