import { createHash } from 'node:crypto';
import type { Embedder, EmbeddingCache, LlmResult } from '../ports';
import type { Passage } from './document';

export interface Neighbour {
  passage: Passage;
  similarity: number;
}

/**
 * Embeddings of every passage, for the semantic half of hybrid search. Vectors are cached by a hash
 * of the model and the passage's content, so a restart embeds only what changed.
 */
/**
 * What a model wants written before what it embeds: many are trained with one for questions and
 * another for passages ("query: " and "passage: " for multilingual-e5), and read either poorly without.
 */
export interface EmbeddingPrefixes {
  query: string;
  passage: string;
}

const NO_PREFIXES: EmbeddingPrefixes = { query: '', passage: '' };

export class VectorIndex {
  private constructor(
    private readonly embedder: Embedder,
    private readonly passages: Passage[],
    private readonly vectors: Float32Array[],
    private readonly prefixes: EmbeddingPrefixes,
  ) {}

  /**
   * Embeds the passages the cache lacks, `batchSize` a request. A server that refuses a request (a
   * local one often takes fewer texts at once: TEI 32 by default) is sent halves of it, and that
   * size from then on, down to one text a request.
   */
  static async build(passages: Passage[], embedder: Embedder, cache: EmbeddingCache, opts: { batchSize?: number; prefixes?: EmbeddingPrefixes } = {}): Promise<LlmResult<VectorIndex>> {
    const prefixes = opts.prefixes ?? NO_PREFIXES;
    const text = (p: Passage) => prefixed(prefixes.passage, passageText(p));
    // the text as embedded, prefix and all, is the key: another prefix is another vector
    const keys = passages.map((p) => contentKey(embedder.model, text(p)));
    const missing = passages.map((p, i) => ({ p, i })).filter(({ i }) => !cache.get(keys[i]!));
    let size = opts.batchSize ?? 64;
    for (let start = 0; start < missing.length; ) {
      const batch = missing.slice(start, start + size);
      const result = await embedder.embed(batch.map(({ p }) => text(p)));
      if (!result.ok) {
        if (result.error !== 'invalid_response' || batch.length === 1) return result;
        size = Math.ceil(batch.length / 2);
        continue;
      }
      batch.forEach(({ i }, j) => {
        const v = result.value[j];
        if (v) cache.set(keys[i]!, v);
      });
      start += batch.length;
    }
    await cache.flush();
    const vectors = keys.map((k) => normalise(cache.get(k) ?? []));
    return { ok: true, value: new VectorIndex(embedder, passages, vectors, prefixes) };
  }

  /** The passages nearest a question, most similar first, and the similarity of any passage to it. */
  async nearest(question: string, limit: number): Promise<LlmResult<{ neighbours: Neighbour[]; similarityOf: (passage: Passage) => number }>> {
    const result = await this.embedder.embed([prefixed(this.prefixes.query, question)]);
    if (!result.ok) return result;
    const q = normalise(result.value[0] ?? []);
    const scored = this.vectors.map((v, i) => ({ passage: this.passages[i]!, similarity: dot(q, v) }));
    const byPassage = new Map(scored.map((s) => [s.passage, s.similarity]));
    const neighbours = [...scored].sort((a, b) => b.similarity - a.similarity).slice(0, limit);
    return { ok: true, value: { neighbours, similarityOf: (p) => byPassage.get(p) ?? 0 } };
  }
}

/** A prefix and the text after it, a space between unless the prefix ends in one. */
function prefixed(prefix: string, text: string): string {
  return prefix === '' ? text : /\s$/.test(prefix) ? `${prefix}${text}` : `${prefix} ${text}`;
}

export function passageText(p: Passage): string {
  return `${p.title}\n${p.heading}\n${p.text}`;
}

export function contentKey(model: string, text: string): string {
  return createHash('sha256').update(model).update('\n').update(text).digest('hex');
}

function normalise(v: number[]): Float32Array {
  const out = Float32Array.from(v);
  const norm = Math.hypot(...out) || 1;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) s += a[i]! * b[i]!;
  return s;
}
