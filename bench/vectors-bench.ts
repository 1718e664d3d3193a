import path from 'node:path';
import { VectorIndex } from '../src/core/knowledge/vector-index';
import { loadKnowledge } from '../src/core/knowledge/load';
import type { Passage } from '../src/core/knowledge/document';
import type { Embedder, EmbeddingCache } from '../src/core/ports';

const ROOT = path.join(__dirname, '..', '..');
const DIMENSIONS = 1024;

/**
 * The semantic half of hybrid search at ~10k passages: a question's vector against every passage's
 * (1024 dimensions, as bge-m3 and multilingual-e5-large give), the nearest kept. The model is an
 * in-process stand-in that spreads each text to a vector of its own, so only Kompis's part is timed,
 * not a model's or a network's.
 */
export async function runVectorsBench(): Promise<void> {
  const { documents } = await loadKnowledge(path.join(ROOT, 'knowledge'));
  const base = documents.flatMap((d) => d.passages);
  const copies = Math.round(10_000 / base.length);
  const passages: Passage[] = Array.from({ length: copies }, (_, c) => base.map((p) => ({ ...p, id: `copy${c}/${p.id}`, path: `copy${c}/${p.path}`, text: `${p.text} ${c}` }))).flat();
  const vectors = new Map<string, ArrayLike<number>>();
  const cache: EmbeddingCache = { get: (k) => vectors.get(k), set: (k, v) => void vectors.set(k, v), retain: () => undefined, flush: async () => undefined };
  const embedder: Embedder = { model: 'stand-in', embed: async (texts) => ({ ok: true, value: texts.map(spread) }) };
  const started = performance.now();
  const built = await VectorIndex.build(passages, embedder, cache);
  if (!built.ok) throw new Error(built.error);
  const buildMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const near = await built.value.nearest(`question ${i} about ${base[i % base.length]!.heading}`, 30);
    if (near.ok) near.value.similarityOf(passages[i]!);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!;
  console.log(`\n## Nearest passages by embedding (${passages.length} passages × ${DIMENSIONS} dimensions, the model's time left out)`);
  console.log(`build ${buildMs.toFixed(0)} ms; a question: p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`);
}

/** A text's own pseudo-random vector (a hash seeds it), of DIMENSIONS numbers. */
function spread(text: string): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  const v = new Array<number>(DIMENSIONS);
  for (let i = 0; i < DIMENSIONS; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    v[i] = h / 4294967296 - 0.5;
  }
  return v;
}
