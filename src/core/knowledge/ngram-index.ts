import { kept } from './kept';
import { drain } from './steps';
import { takeTopK } from './top-k';

/** How many question words' pieces are kept (a few hundred bytes each), and the longest word kept. */
const WORD_CACHE_LIMIT = 20_000;
const KEPT_WORD_LENGTH = 64;

/** A question as a unit-length vector of weighted n-gram ids. */
export interface NgramQuery {
  /** Its n-gram ids, and each one's weight at the same place. */
  grams: Int32Array;
  weights: Float64Array;
}

/**
 * Character n-gram ranking: tf-idf cosine over the 3-, 4- and 5-letter pieces of each word. It finds
 * Nordic compounds, inflections, typos and nb/sv/da cognates with no word list: "elsykkelbatteriet",
 * "batteri" and "batterier" share most of their pieces.
 */
export class NgramIndex {
  private readonly gramIds = new Map<string, number>();
  /** Every piece's posting list end to end: piece g's passages are ids[starts[g]] up to ids[starts[g + 1]], each with its weight at the same place. */
  // set by `fill`, whole before the index answers anything
  private starts!: Int32Array;
  private ids!: Int32Array;
  private weights!: Float32Array;
  private readonly idf: number[] = [];
  private readonly size: number;
  /** Reused between questions: one score slot a passage. */
  private readonly scores: Float32Array;
  private readonly touched: Int32Array;
  private readonly wordGrams = new Map<string, Int32Array>();
  /** Reused between questions: one slot a piece, and the pieces a question has, while its vector is summed. */
  private gramTf!: Float64Array;
  private gramOrder!: Int32Array;

  /** The index of each passage's words, built at once, or by `NgramIndex.build` a step at a time. */
  constructor(texts: readonly string[][], when: 'now' | 'by build' = 'now') {
    this.size = texts.length;
    this.scores = new Float32Array(texts.length);
    this.touched = new Int32Array(texts.length);
    if (when === 'now') drain(this.fill(texts, Infinity));
  }

  /** The index built as steps of a larger build: `perStep` passages a step. */
  static *build(texts: readonly string[][], perStep: number): Generator<void, NgramIndex> {
    const index = new NgramIndex(texts, 'by build');
    yield* index.fill(texts, perStep);
    return index;
  }

  private *fill(texts: readonly string[][], perStep: number): Generator<void> {
    // a store repeats its words: each word's pieces are cut and numbered once, then counted where it
    // recurs; a passage's counts are kept as two arrays in the order its pieces first come (a map's
    // entries, one a piece a passage, took more memory than the index they make)
    const cut = new Map<string, number[]>();
    const tally: number[] = [];
    const perPassage: { grams: Int32Array; tfs: Int32Array }[] = [];
    for (const ws of texts) {
      const order: number[] = [];
      for (const word of ws) {
        if (word.length < 2) continue;
        let ids = cut.get(word);
        if (!ids) {
          cut.set(word, (ids = this.numberGrams(word, true)));
          while (tally.length < this.gramIds.size) tally.push(0);
        }
        for (const id of ids) if (tally[id]!++ === 0) order.push(id);
      }
      const grams = Int32Array.from(order);
      const tfs = Int32Array.from(order, (id) => tally[id]!);
      for (const id of order) tally[id] = 0;
      perPassage.push({ grams, tfs });
      if (perPassage.length % perStep === 0) yield;
    }
    const df: number[] = [];
    for (const { grams } of perPassage) for (const id of grams) df[id] = (df[id] ?? 0) + 1;
    for (let g = 0; g < df.length; g++) this.idf[g] = Math.log(1 + this.size / (df[g] ?? 1));
    // each piece's list laid out in one array: a question reads a few hundred lists, one after another
    this.starts = new Int32Array(df.length + 1);
    for (let g = 0; g < df.length; g++) this.starts[g + 1] = this.starts[g]! + (df[g] ?? 0);
    this.ids = new Int32Array(this.starts[df.length]!);
    this.weights = new Float32Array(this.ids.length);
    const filled = this.starts.slice(0, df.length);
    const weightOf = (tf: number, g: number) => (1 + Math.log(tf)) * this.idf[g]!;
    for (const [p, { grams, tfs }] of perPassage.entries()) {
      let norm = 0;
      for (let k = 0; k < grams.length; k++) {
        const w = weightOf(tfs[k]!, grams[k]!);
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < grams.length; k++) {
        const at = filled[grams[k]!]!++;
        this.ids[at] = p;
        this.weights[at] = weightOf(tfs[k]!, grams[k]!) / norm;
      }
      if ((p + 1) % perStep === 0) yield;
    }
    this.gramTf = new Float64Array(df.length);
    this.gramOrder = new Int32Array(df.length);
  }

  /** A question's words as a weighted n-gram vector (each word with a weight: a synonym counts less than the word itself). */
  query(queryWords: readonly { word: string; weight: number }[]): NgramQuery {
    // the question's pieces summed in slots reused between questions, in the order first met
    const { gramTf: tf, gramOrder: order } = this;
    let size = 0;
    for (const { word, weight } of queryWords) {
      if (!(weight > 0)) continue; // adds nothing, and a slot left at 0 would be counted twice
      const grams = this.gramsOf(word);
      for (let i = 0; i < grams.length; i += 2) {
        const g = grams[i]!;
        if (tf[g] === 0) order[size++] = g;
        tf[g] = tf[g]! + grams[i + 1]! * weight;
      }
    }
    const grams = new Int32Array(size);
    const weights = new Float64Array(size);
    let norm = 0;
    for (let i = 0; i < size; i++) {
      const g = order[i]!;
      const w = tf[g]! * this.idf[g]!;
      tf[g] = 0;
      norm += w * w;
      grams[i] = g;
      weights[i] = w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! / norm;
    return { grams, weights };
  }

  /**
   * Passages by cosine with the question. Pieces found in more than an eighth of the passages say
   * little and are skipped, which keeps a question fast on a large store.
   */
  search(query: NgramQuery, limit: number): { id: number; score: number }[] {
    let touched = 0;
    const skipAbove = Math.max(4, this.size / 8);
    // the hot loop of a question: the arrays held in locals
    const { scores, touched: order, starts, ids, weights } = this;
    for (let t = 0; t < query.grams.length; t++) {
      const g = query.grams[t]!;
      const from = starts[g]!;
      const to = starts[g + 1]!;
      if (to - from > skipAbove) continue;
      const qw = query.weights[t]!;
      for (let i = from; i < to; i++) {
        const p = ids[i]!;
        const before = scores[p]!;
        if (before === 0) order[touched++] = p;
        scores[p] = before + qw * weights[i]!;
      }
    }
    return takeTopK(scores, order, touched, limit);
  }

  /** Cosine of the question with one passage, every piece counted: for a passage another ranker found. */
  similarity(query: NgramQuery, id: number): number {
    let dot = 0;
    for (let t = 0; t < query.grams.length; t++) {
      const g = query.grams[t]!;
      const at = indexOf(this.ids, this.starts[g]!, this.starts[g + 1]! - 1, id);
      if (at >= 0) dot += query.weights[t]! * this.weights[at]!;
    }
    return dot;
  }

  /**
   * A question word's pieces the store holds and their counts, as pairs (piece, count): worked out
   * once a word, as questions repeat words and their synonyms.
   */
  private gramsOf(word: string): Int32Array {
    const read = () => {
      const counts = new Map<number, number>();
      if (word.length >= 2) for (const id of this.numberGrams(word, false)) counts.set(id, (counts.get(id) ?? 0) + 1);
      return Int32Array.from([...counts].flat());
    };
    return word.length > KEPT_WORD_LENGTH ? read() : kept(this.wordGrams, word, WORD_CACHE_LIMIT, read);
  }

  /**
   * A word's pieces, its 3-, 4- and 5-letter ones padded with a space each side, numbered, in order.
   * `add`: a piece the index has not met gets the next number (while it is built); otherwise it is left out.
   */
  private numberGrams(word: string, add: boolean): number[] {
    const out: number[] = [];
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = padded.slice(i, i + n);
        let id = this.gramIds.get(gram);
        if (id === undefined) {
          if (!add) continue;
          id = this.gramIds.size;
          this.gramIds.set(gram, id);
        }
        out.push(id);
      }
    }
    return out;
  }
}

/** Binary search in a posting list (ids from lo to hi), whose passage ids are ascending. */
function indexOf(ids: Int32Array, lo: number, hi: number, id: number): number {
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
