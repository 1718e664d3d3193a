import { takeTopK } from './top-k';

const K1 = 1.2;
const B = 0.75;

/** Okapi BM25 over an inverted index of terms, each passage a bag of terms with weighted counts. */
export class Bm25Index {
  private readonly postings = new Map<string, { ids: Int32Array; tfs: Float32Array }>();
  private readonly lengthNorm: Float32Array;
  private readonly scores: Float32Array;
  private readonly touched: Int32Array;
  readonly size: number;

  constructor(passages: readonly Map<string, number>[]) {
    this.size = passages.length;
    this.scores = new Float32Array(passages.length);
    this.touched = new Int32Array(passages.length);
    const lengths = passages.map((terms) => [...terms.values()].reduce((a, b) => a + b, 0));
    const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(lengths.length, 1) || 1;
    this.lengthNorm = Float32Array.from(lengths, (l) => K1 * (1 - B + (B * l) / avg));
    const lists = new Map<string, { ids: number[]; tfs: number[] }>();
    passages.forEach((terms, id) => {
      for (const [term, tf] of terms) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { ids: [], tfs: [] }));
        list.ids.push(id);
        list.tfs.push(tf);
      }
    });
    for (const [term, l] of lists) this.postings.set(term, { ids: Int32Array.from(l.ids), tfs: Float32Array.from(l.tfs) });
  }

  /** In how many passages a term occurs. */
  df(term: string): number {
    return this.postings.get(term)?.ids.length ?? 0;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  idf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /**
   * Passages by BM25 for weighted query terms (a synonym weighs less than the word asked). With
   * `elsewhere`, a passage outside the `own` group weighs each term as `elsewhere` says, where given.
   */
  search(query: ReadonlyMap<string, number>, limit: number, elsewhere?: { groups: Uint8Array; own: number; weights: ReadonlyMap<string, number> }): { id: number; score: number }[] {
    let touched = 0;
    // the hot loop of a question: the arrays held in locals
    const { scores, touched: order, lengthNorm } = this;
    for (const [term, weight] of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { ids, tfs } = list;
      const idf = this.idf(ids.length);
      const away = elsewhere?.weights.get(term) ?? weight;
      const groups = away !== weight ? elsewhere?.groups : undefined;
      for (let i = 0; i < ids.length; i++) {
        const p = ids[i]!;
        const tf = tfs[i]!;
        const w = groups && groups[p] !== elsewhere!.own ? away : weight;
        const before = scores[p]!;
        if (before === 0) order[touched++] = p;
        scores[p] = before + (idf * w * tf * (K1 + 1)) / (tf + lengthNorm[p]!);
      }
    }
    return takeTopK(scores, order, touched, limit);
  }
}
