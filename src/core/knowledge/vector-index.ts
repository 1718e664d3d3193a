import { createHash } from 'node:crypto';
import { silentLogger, type Embedder, type EmbeddingCache, type LlmFailure, type LlmResult, type Logger } from '../ports';
import type { Passage } from './document';

export interface Neighbour {
  passage: Passage;
  similarity: number;
}

/**
 * What a model wants written before what it embeds: many are trained with one for questions and
 * another for passages ("query: " and "passage: " for multilingual-e5), and read either poorly without.
 */
export interface EmbeddingPrefixes {
  query: string;
  passage: string;
}

const NO_PREFIXES: EmbeddingPrefixes = { query: '', passage: '' };

/** How long a question waits for its embedding: a server that embeds a batch of passages in well under this embeds one question faster. */
const QUESTION_TIMEOUT_MS = 2_000;
/** After a question's embedding fails, how long questions are searched by their words alone before the server is tried again. */
const RETRY_AFTER_MS = 30_000;

export interface VectorOptions {
  batchSize?: number;
  /** Stops a build before its next request (the one under way is let finish): for shutting down. */
  signal?: AbortSignal;
  prefixes?: EmbeddingPrefixes;
  questionTimeoutMs?: number;
  retryAfterMs?: number;
  /** Where a question's vector of another length than the store's is reported, once. */
  logger?: Logger;
}

/** The passages nearest a question, most similar first, and how near any passage is. */
export type Nearness = LlmResult<{ neighbours: Neighbour[]; similarityOf: (passage: Passage) => number }>;

/** What search asks of embeddings. */
export interface NearestPassages {
  nearest(question: string, limit: number): Promise<Nearness>;
}

/** How long after a failed build of the store's embeddings the next begins: doubling from the first wait to the longest. */
export interface BuildRetry {
  firstMs: number;
  longestMs: number;
}

/** A server still starting (or loading its model) is tried again within a minute; one that stays down, every ten. */
const BUILD_RETRY: BuildRetry = { firstMs: 30_000, longestMs: 600_000 };

/** What became of one attempt to build a store's embeddings: built, or failed and tried again in `retryInMs`. */
export type BuildAttempt = { attempt: number; result: LlmResult<VectorIndex>; retryInMs?: number };

/**
 * A store's embeddings while they are built: until they are, a question is searched by its words
 * alone, at once; then by its embedding too. Kompis answers from its first second, however long
 * a model on a CPU takes to embed a large store the first time. A build that fails (the embeddings
 * server not up yet, or down) is tried again, later each time, until it succeeds or `stop()`; what
 * one build embedded before it failed is in the cache, so the next goes on from there. Once the
 * server gives a question a vector of another length than the store's (another model), the store
 * is built again with the server's model, as at start, and searched by words until it is.
 */
export class EmbeddingsWhenBuilt implements NearestPassages {
  private built: VectorIndex | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly stopping = new AbortController();
  private attempts = 0;
  /** The first attempt's outcome: built, or why not (later attempts are reported to `onAttempt`). */
  readonly ready: Promise<LlmResult<VectorIndex>>;

  constructor(
    /** One attempt; `signal` is aborted on `stop()`, so that a build under way sends no more requests. */
    private readonly build: (signal: AbortSignal) => Promise<LlmResult<VectorIndex>>,
    private readonly opts: { retry?: BuildRetry; onAttempt?: (attempt: BuildAttempt) => void } = {},
  ) {
    this.ready = this.attempt();
  }

  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  /** 'embedding' while a build runs, 'waiting' between a failed one and the next, 'built', or 'stopped'. */
  get state(): 'embedding' | 'waiting' | 'built' | 'stopped' {
    return this.built ? 'built' : this.stopped ? 'stopped' : this.timer ? 'waiting' : 'embedding';
  }

  /** No more attempts, nor requests of the one under way: for shutting down. */
  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async nearest(question: string, limit: number): Promise<Nearness> {
    const index = this.built;
    if (!index) return { ok: false, error: 'unavailable', message: 'the store is still being embedded' };
    const near = await index.nearest(question, limit);
    // one build again, however many questions found the store's vectors outdated meanwhile
    if (index.outdated && this.built === index && !this.stopped) {
      this.built = undefined;
      this.attempts = 0;
      void this.attempt();
    }
    return near;
  }

  private async attempt(): Promise<LlmResult<VectorIndex>> {
    this.attempts += 1;
    const result = await this.build(this.stopping.signal).catch((err: unknown): LlmResult<VectorIndex> => ({ ok: false, error: 'unavailable', message: (err as Error).message }));
    if (result.ok) {
      this.built = result.value;
      this.opts.onAttempt?.({ attempt: this.attempts, result });
      return result;
    }
    if (this.stopped) return result;
    const { firstMs, longestMs } = this.opts.retry ?? BUILD_RETRY;
    const retryInMs = Math.min(longestMs, firstMs * 2 ** (this.attempts - 1));
    // the wait keeps no process alive that has nothing else to do
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.attempt();
    }, retryInMs).unref();
    this.opts.onAttempt?.({ attempt: this.attempts, result, retryInMs });
    return result;
  }
}

/**
 * Embeddings of every passage, for the semantic half of hybrid search. Vectors are cached by a hash
 * of the model and the passage's content, so a restart embeds only what changed.
 */
export class VectorIndex implements NearestPassages {
  /** Every passage's unit vector, one after the other: a question is one pass over memory in order. */
  private readonly matrix: Float32Array;
  private readonly dimensions: number;
  private readonly positions: Map<Passage, number>;
  /** Until when questions skip the embeddings server, after it failed one. */
  private downUntil = 0;
  /** Once a question's vector was of another length than the store's: the emptying of the cache, reported once. */
  private emptied: Promise<void> | undefined;

  private constructor(
    private readonly embedder: Embedder,
    private readonly cache: EmbeddingCache,
    private readonly passages: Passage[],
    vectors: Float32Array[],
    private readonly opts: Required<Omit<VectorOptions, 'batchSize' | 'signal'>>,
    /** The passages the server would not embed (too long for its model): search finds them by their words alone. */
    readonly refused: readonly Passage[] = [],
    /** The passages the server failed alone while it embedded others (Ollama's bge-m3 gives some texts NaN): found by their words alone too. */
    readonly failed: readonly Passage[] = [],
  ) {
    this.dimensions = vectors.reduce((most, v) => Math.max(most, v.length), 0);
    this.matrix = new Float32Array(vectors.length * this.dimensions);
    vectors.forEach((v, i) => this.matrix.set(v, i * this.dimensions));
    this.positions = new Map(passages.map((p, i) => [p, i]));
  }

  /**
   * Embeds the passages the cache lacks, `batchSize` a request. A server that refuses a request as
   * too large (a local one often takes fewer texts at once: TEI 32 by default) is sent halves of it,
   * and that size from then on, down to one text a request. A text it will not take alone, where it
   * has taken others, is left without a vector. A batch the server fails (a 500, or the connection
   * dropped, each tried once more by the embedder) is told apart from a server that is down by one
   * short text: a server that fails that too is down, and the build ends, to be tried again later
   * (see EmbeddingsWhenBuilt); one that embeds it fails something in the batch, which is sent in
   * halves until the passages it fails alone are found and left without a vector (see
   * StoreEmbedding.isolate). Any other failure ends the build: a server that does not answer in
   * time, limits the rate, refuses the key or answers what it was not asked is sent no halves,
   * which would only send it more requests and keep a start waiting. The vectors are all of one
   * length, the server's: cached ones of another (a model served since under the same name) are embedded again.
   */
  static async build(passages: Passage[], embedder: Embedder, cache: EmbeddingCache, opts: VectorOptions = {}): Promise<LlmResult<VectorIndex>> {
    const prefixes = opts.prefixes ?? NO_PREFIXES;
    const text = (p: Passage) => prefixed(prefixes.passage, passageText(p));
    // the text as embedded, prefix and all, is the key: another prefix is another vector
    const keys = passages.map((p) => contentKey(embedder.model, text(p)));
    // cached vectors of two lengths are two models': which is the server's is not known, so neither is kept
    if (new Set(keys.map((k) => cache.get(k)?.length).filter((n) => n !== undefined)).size > 1) cache.retain(new Set());
    const missing = passages.map((p, i) => ({ p, i })).filter(({ i }) => !cache.get(keys[i]!));
    const embedding = new StoreEmbedding(embedder, cache, passages, keys, text, missing, opts.signal);
    const full = opts.batchSize ?? 64;
    let size = full;
    try {
      for (let start = 0; start < missing.length; ) {
        if (opts.signal?.aborted) return STOPPED;
        const batch = missing.slice(start, start + size);
        const result = await embedding.send(batch);
        if (!result.ok && result.error === 'unavailable') {
          const isolated = await embedding.isolate(batch, result);
          if (!isolated.ok) return isolated;
        } else if (!result.ok) {
          // only a batch the server says is too large is sent in halves: halving one it did not answer
          // in time kept a start minutes on a server that hangs; nor one from a server that limits
          // the rate, refuses the key, or answers what it was not asked
          if (result.error !== 'request_too_large') return result;
          if (batch.length > 1) {
            size = Math.ceil(batch.length / 2);
            continue;
          }
          // a server that has taken nothing yet takes nothing; one that has refuses this text (too
          // long for its model): the passage is found by its words alone, and the rest are sent as at
          // first, since the refusals that halved the batches may have been this text's
          if (embedding.dims === undefined) return result;
          embedding.refused.push(batch[0]!.p);
          size = full;
        }
        start += batch.length;
      }
    } finally {
      // the vectors of this store as it is now, whether this build got them all or not: the next
      // goes on from there, and those of passages since changed or removed are let go
      cache.retain(new Set(keys));
      await cache.flush();
    }
    const vectors = keys.map((k) => normalise(cache.get(k) ?? []));
    const questions = { prefixes, questionTimeoutMs: opts.questionTimeoutMs ?? QUESTION_TIMEOUT_MS, retryAfterMs: opts.retryAfterMs ?? RETRY_AFTER_MS, logger: opts.logger ?? silentLogger };
    return { ok: true, value: new VectorIndex(embedder, cache, passages, vectors, questions, embedding.refused, embedding.failed) };
  }

  /** Whether the server gave a question a vector of another length than the store's: it serves another model, and these vectors are of no use beside its. */
  get outdated(): boolean {
    return this.emptied !== undefined;
  }

  /**
   * The passages nearest a question, most similar first, and the similarity of any passage to it. A
   * question waits for its embedding a short while; when that fails, the questions that follow in
   * the next while are not sent (each is searched by its words at once), and then the server is tried
   * again. A question the server refuses as longer than its model takes (TEI answers 413 unless
   * started with --auto-truncate, llama.cpp 500 past its batch size) is searched by its words alone,
   * and says nothing of the server: the next is sent as ever.
   */
  async nearest(question: string, limit: number): Promise<Nearness> {
    if (Date.now() < this.downUntil) return { ok: false, error: 'unavailable', message: 'the embeddings server failed a question just now' };
    const result = await this.embedder.embed([prefixed(this.opts.prefixes.query, question)], AbortSignal.timeout(this.opts.questionTimeoutMs));
    if (!result.ok) {
      if (result.error !== 'request_too_large') this.downUntil = Date.now() + this.opts.retryAfterMs;
      return result;
    }
    const q = normalise(result.value[0] ?? []);
    const { matrix, dimensions: d } = this;
    if (d > 0 && q.length !== d) return this.otherModel(q.length);
    const n = this.passages.length;
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) scores[i] = dot(q, matrix, i * d, d);
    const best = nearestOf(scores, limit);
    const neighbours = best.map((i) => ({ passage: this.passages[i]!, similarity: scores[i]! }));
    return { ok: true, value: { neighbours, similarityOf: (p) => finite(scores[this.positions.get(p) ?? -1] ?? 0) } };
  }

  /**
   * A question's vector of another length than the store's: the server now serves another model
   * under the name the store was embedded with, and no similarity to the store's vectors means
   * anything. The question is searched by its words alone; the cache is emptied, so that the next
   * build (the next start's, or EmbeddingsWhenBuilt's at once) embeds the store again with the
   * server's model. Every question that finds it so returns once the cache is emptied, so that no
   * build writes the cache while it is.
   */
  private async otherModel(length: number): Promise<Nearness> {
    const message = `the embeddings server gives a question ${length} numbers, the store's vectors have ${this.dimensions}`;
    this.emptied ??= this.emptyCache(message, length);
    await this.emptied;
    return { ok: false, error: 'invalid_response', message };
  }

  private async emptyCache(message: string, length: number): Promise<void> {
    this.opts.logger.warn(
      { model: this.embedder.model, question: length, store: this.dimensions },
      `${message} (another model under the same name?): questions are searched by their words alone until the store is embedded again with the server's model`,
    );
    this.cache.retain(new Set());
    await this.cache.flush().catch((err: unknown) => this.opts.logger.warn({ err: (err as Error).message }, 'the embeddings cache could not be emptied: delete it for the store to be embedded again'));
  }
}

const STOPPED: LlmResult<never> = { ok: false, error: 'unavailable', message: 'stopped before the store was embedded' };

/**
 * How a server that is up fails a part of a batch it failed: a 500 (Ollama answers one for the whole
 * request when its model gives a text NaN), a dropped connection (a server that crashes on the text),
 * or a refusal of a text too long for its model, met on the way.
 */
const SERVER_FAILURES: ReadonlySet<LlmFailure> = new Set(['unavailable', 'request_too_large']);

/** What a server that is up embeds, when it has embedded no passage yet in this build to be asked for again. */
const PROBE = 'ok';

type Missing = { p: Passage; i: number };

/** One build's requests: what the server is sent, the vectors it gives kept in the cache, and the passages it would not embed. */
class StoreEmbedding {
  /** The length of the server's vectors, once it has taken a text. */
  dims: number | undefined;
  readonly refused: Passage[] = [];
  readonly failed: Passage[] = [];
  /** A text the server embedded in this build: what it is asked for again to tell whether it is up. */
  private known: string | undefined;

  constructor(
    private readonly embedder: Embedder,
    private readonly cache: EmbeddingCache,
    private readonly passages: Passage[],
    private readonly keys: string[],
    private readonly text: (p: Passage) => string,
    /** The passages to embed: vectors cached of another length than the server's are added to them. */
    private readonly missing: Missing[],
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Asks the server for the batch's vectors, and keeps them. */
  async send(batch: Missing[]): Promise<LlmResult<void>> {
    const texts = batch.map(({ p }) => this.text(p));
    const result = await this.embedder.embed(texts);
    if (!result.ok) return result;
    const length = result.value[0]!.length;
    if (this.dims !== undefined && length !== this.dims) {
      return { ok: false, error: 'invalid_response', message: `the embeddings server changed the length of its vectors while the store was embedded (${this.dims}, then ${length})` };
    }
    if (this.dims === undefined) {
      this.dims = length;
      // vectors cached of another length are of another model than the server's now (one served
      // since under the same name): embedded again, never ranked beside the server's
      const { cache, keys } = this;
      const stale = this.passages.map((p, i) => ({ p, i })).filter(({ i }) => (cache.get(keys[i]!)?.length ?? length) !== length);
      if (stale.length > 0) {
        cache.retain(new Set(keys.filter((k) => cache.get(k)?.length === length)));
        this.missing.push(...stale);
      }
    }
    batch.forEach(({ i }, j) => {
      const v = result.value[j];
      if (v) this.cache.set(this.keys[i]!, v);
    });
    this.known = texts[0];
    return { ok: true, value: undefined };
  }

  /**
   * The passages of a batch the server failed that it fails alone, found while the rest are
   * embedded. First the server is asked for one short text (one of the passages it embedded in this
   * build, or a word): a server that fails that too is down, unreachable or crashed, and the build
   * ends with the batch's failure, one request more (and its retry), not one a passage. A server
   * that embeds it is sent both halves of the batch; a half that fails is sent in halves in turn,
   * down to a passage alone, which is left without a vector: Ollama fails a whole request with 500
   * when its model gives one text NaN (bge-m3 does on some texts, the same ones each time). When
   * both halves of a part fail, the short text tells again whether the server is still up. A
   * passage the server fails costs about three requests for each halving of the batch it is in.
   */
  async isolate(batch: Missing[], failure: LlmResult<void> & { ok: false }): Promise<LlmResult<void>> {
    if (!(await this.answers())) return failure;
    return this.settle(batch, failure);
  }

  /** A part of a batch the server failed, though it is up: a passage alone is left without a vector; more are sent in halves. */
  private async settle(part: Missing[], failure: LlmResult<void> & { ok: false }): Promise<LlmResult<void>> {
    if (part.length === 1) {
      // one refused as too long is what the build's halving finds too (see build)
      (failure.error === 'request_too_large' ? this.refused : this.failed).push(part[0]!.p);
      return { ok: true, value: undefined };
    }
    const half = Math.ceil(part.length / 2);
    const failing: { part: Missing[]; failure: LlmResult<void> & { ok: false } }[] = [];
    for (const sent of [part.slice(0, half), part.slice(half)]) {
      if (this.signal?.aborted) return STOPPED;
      const result = await this.send(sent);
      if (result.ok) continue;
      if (!SERVER_FAILURES.has(result.error)) return result;
      failing.push({ part: sent, failure: result });
    }
    // both halves failed: each holds a passage the server fails, or the server went down meanwhile
    if (failing.length === 2 && !(await this.answers())) return failing[1]!.failure;
    for (const f of failing) {
      const result = await this.settle(f.part, f.failure);
      if (!result.ok) return result;
    }
    return { ok: true, value: undefined };
  }

  /** Whether the server embeds one short text: a passage it embedded in this build, or a word. */
  private async answers(): Promise<boolean> {
    if (this.signal?.aborted) return false;
    return (await this.embedder.embed([this.known ?? PROBE])).ok;
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

function normalise(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let squares = 0;
  for (const x of out) squares += x * x;
  const norm = Math.sqrt(squares) || 1;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

/** The dot product of `q` with the `d` numbers of `m` from `at`: four sums side by side, which the engine runs in parallel. */
function dot(q: Float32Array, m: Float32Array, at: number, d: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let e = 0;
  let j = 0;
  for (; j + 3 < d; j += 4, at += 4) {
    a += q[j]! * m[at]!;
    b += q[j + 1]! * m[at + 1]!;
    c += q[j + 2]! * m[at + 2]!;
    e += q[j + 3]! * m[at + 3]!;
  }
  for (; j < d; j++, at++) a += q[j]! * m[at]!;
  return a + b + c + e;
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/**
 * The places of the `k` highest scores above 0, highest first (of equals, the earlier place): a
 * selection, not a sort of all. A passage of no similarity (or none to tell: NaN) is near nothing.
 */
function nearestOf(scores: Float32Array, k: number): number[] {
  const kept: number[] = [];
  if (k <= 0) return kept;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (!(score > 0)) continue;
    if (kept.length === k && score <= scores[kept[k - 1]!]!) continue;
    let at = kept.length;
    while (at > 0 && scores[kept[at - 1]!]! < score) at--;
    kept.splice(at, 0, i);
    if (kept.length > k) kept.pop();
  }
  return kept;
}
