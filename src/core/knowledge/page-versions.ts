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
  private readonly indexOf: Map<string, number>;
  private readonly paths: string[];
  private readonly langs: Lang[];
  /** Per document, its concepts (by number) and their weights, the vector of unit length. */
  private readonly concepts: Int32Array[] = [];
  private readonly weights: Float32Array[] = [];
  /** Per concept, the documents holding it and its weight in each. */
  private readonly holders: Int32Array[] = [];
  private readonly holderWeights: Float32Array[] = [];
  private readonly closest = new Map<string, number>();

  constructor(documents: Map<string, { lang: Lang; terms: Iterable<string> }>, thesaurus: Thesaurus) {
    const paths = [...documents.keys()];
    this.paths = paths;
    this.indexOf = new Map(paths.map((p, i) => [p, i]));
    this.langs = [...documents.values()].map((d) => d.lang);
    const ids = new Map<string, number>();
    const keysOf = [...documents.values()].map(({ terms }) => {
      const keys = new Set<number>();
      const add = (k: string) => {
        let id = ids.get(k);
        if (id === undefined) ids.set(k, (id = ids.size));
        keys.add(id);
      };
      for (const t of terms) {
        const sets = thesaurus.setsOfStem(t);
        if (sets.length === 0) add(t);
        else for (const set of sets) add(`#${set}`);
      }
      return Int32Array.from(keys);
    });
    const df = new Int32Array(ids.size);
    for (const keys of keysOf) for (const k of keys) df[k]!++;
    const n = keysOf.length;
    const filled = new Int32Array(ids.size);
    for (let k = 0; k < ids.size; k++) {
      this.holders.push(new Int32Array(df[k]!));
      this.holderWeights.push(new Float32Array(df[k]!));
    }
    keysOf.forEach((keys, doc) => {
      const weights = Float32Array.from(keys, (k) => Math.log((n + 1) / df[k]!));
      const norm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0)) || 1;
      for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
      this.concepts.push(keys);
      this.weights.push(weights);
      keys.forEach((k, i) => {
        this.holders[k]![filled[k]!] = doc;
        this.holderWeights[k]![filled[k]!++] = weights[i]!;
      });
    });
  }

  /** The version of a document in another language, if the store has one: at most one, each being the other's closest. */
  versionIn(path: string, lang: Lang): string | undefined {
    const i = this.indexOf.get(path);
    if (i === undefined || this.langs[i] === lang) return undefined;
    const j = this.closestIn(i, lang);
    return j >= 0 && this.closestIn(j, this.langs[i]!) === i ? this.paths[j] : undefined;
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
    const keys = this.concepts[doc]!;
    const own = this.weights[doc]!;
    keys.forEach((k, i) => {
      const holders = this.holders[k]!;
      const weights = this.holderWeights[k]!;
      for (let h = 0; h < holders.length; h++) {
        const other = holders[h]!;
        if (other !== doc && this.langs[other] === lang) dot.set(other, (dot.get(other) ?? 0) + own[i]! * weights[h]!);
      }
    });
    let best = -1;
    let most = 0;
    for (const [other, similarity] of dot) if (similarity > most || (similarity === most && other < best)) [best, most] = [other, similarity];
    this.closest.set(key, best);
    return best;
  }
}
