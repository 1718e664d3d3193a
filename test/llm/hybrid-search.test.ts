import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnswerService } from '../../src/core/answers/service';
import type { Passage } from '../../src/core/knowledge/document';
import { openKnowledge } from '../../src/core/knowledge/knowledge';
import { type BuildRetry, contentKey, EmbeddingsWhenBuilt, passageText, VectorIndex } from '../../src/core/knowledge/vector-index';
import { retrieve } from '../../src/core/answers/retrieve';
import { DEFAULT_CALIBRATION } from '../../src/core/answers/default-calibration';
import { evidenceScore } from '../../src/core/knowledge/calibration';
import { silentLogger } from '../../src/core/ports';
import { FileEmbeddingCache } from '../../src/llm/embedding-cache';
import { OpenAiEmbedder } from '../../src/llm/openai-llm';
import { createAnswering, embeddingCacheFile } from '../../src/answering';
import { loadConfig } from '../../src/config';
import { bagOfWords, FakeOpenAi } from '../fakes/openai-server';
import { recordingLogger } from '../fakes/recording-logger';
import { eventually, fixedClock, MINI, SAMPLE_PACK } from '../helpers';

/** A store's passages `n` times over, each copy's text its own: a larger store to embed. */
function copiesOf(passages: Passage[], n: number): Passage[] {
  return Array.from({ length: n }, (_, copy) => passages.map((p) => ({ ...p, id: `${copy}/${p.id}`, text: `${p.text} (${copy})` }))).flat();
}

describe('hybrid search with an OpenAI-compatible embeddings endpoint', () => {
  const fake = new FakeOpenAi();
  let baseURL: string;
  let dir: string;

  beforeAll(async () => {
    baseURL = await fake.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-emb-'));
  });
  afterAll(async () => {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const embedder = () => new OpenAiEmbedder({ apiKey: 'sk-test', baseURL, model: 'test-embed', timeoutMs: 2000 });

  it('embeds every passage once, and after a restart reads them from the disk cache', async () => {
    const k = await openKnowledge(MINI);
    const file = path.join(dir, 'embeddings.cache');
    const first = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
    expect(first.ok).toBe(true);
    const embeddedInputs = fake.requests.filter((r) => r.path.endsWith('/embeddings')).flatMap((r) => r.body.input as string[]);
    expect(embeddedInputs).toHaveLength(k.index.passages.length);
    expect(new FileEmbeddingCache(file).size).toBe(k.index.passages.length);

    const callsBefore = fake.embeddingCalls;
    const second = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
    expect(second.ok).toBe(true);
    expect(fake.embeddingCalls).toBe(callsBefore);
  });

  it('sends a server that takes fewer texts a request halves of its batches, and that size from then on', async () => {
    const k = await openKnowledge(MINI);
    const passages = copiesOf(k.index.passages, 5);
    fake.maxBatch = 3;
    try {
      const before = fake.requests.length;
      const built = await VectorIndex.build(passages, embedder(), new FileEmbeddingCache(path.join(dir, 'small-batches.json')), { batchSize: 8 });
      expect(built.ok).toBe(true);
      const sizes = fake.requests.slice(before).map((r) => (r.body.input as string[]).length);
      // refused at 8 and at 4; from then on 2 a request, until every passage is embedded
      expect(sizes.slice(0, 3)).toEqual([8, 4, 2]);
      expect(sizes.slice(2).every((n) => n <= 2)).toBe(true);
      expect(sizes.slice(2).reduce((a, b) => a + b, 0)).toBe(passages.length);
      expect(new FileEmbeddingCache(path.join(dir, 'small-batches.json')).size).toBe(passages.length);
      // one text a request still refused: the build fails, and search goes on lexically (see createAnswering)
      fake.maxBatch = 0;
      const refused = await VectorIndex.build(passages.slice(0, 2), embedder(), new FileEmbeddingCache(path.join(dir, 'refused.json')), { batchSize: 8 });
      expect(refused).toMatchObject({ ok: false, error: 'request_too_large' });
    } finally {
      fake.maxBatch = Infinity;
    }
  });

  it('writes what the model wants before a passage and before a question, and keeps the vectors of each prefix apart', async () => {
    const k = await openKnowledge(MINI);
    const config = loadConfig({ KNOWLEDGE_DIR: MINI, EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'multilingual-e5-large', EMBEDDINGS_QUERY_PREFIX: 'query:', EMBEDDINGS_PASSAGE_PREFIX: 'passage:' });
    expect(config.embeddings?.prefixes).toEqual({ query: 'query:', passage: 'passage:' });
    const file = path.join(dir, 'prefixed.json');
    const before = fake.requests.length;
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file), { prefixes: config.embeddings!.prefixes });
    if (!built.ok) throw new Error(built.error);
    const embedded = fake.requests.slice(before).flatMap((r) => r.body.input as string[]);
    expect(embedded).toHaveLength(k.index.passages.length);
    expect(embedded.every((t) => t.startsWith('passage: '))).toBe(true);
    await built.value.nearest('Hvor mye pant er det på sparepærer?', 3);
    expect(fake.requests.at(-1)!.body.input).toEqual(['query: Hvor mye pant er det på sparepærer?']);
    // without the prefix each passage is another text to the model: embedded again, not read from the cache
    const again = fake.requests.length;
    await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
    expect(fake.requests.slice(again).flatMap((r) => r.body.input as string[])).toHaveLength(k.index.passages.length);
  });

  it('gives up on a batch the server does not answer in time after one request, without sending halves of it, and searches by words alone', async () => {
    const k = await openKnowledge(MINI);
    // a server that hangs: halving the batch down to one text a request, each tried twice, kept a start waiting minutes
    fake.embeddingDelayMs = 10_000;
    try {
      const calls = fake.embeddingCalls;
      const started = Date.now();
      const hung = new OpenAiEmbedder({ apiKey: 'sk-test', baseURL, model: 'test-embed', timeoutMs: 300 });
      const built = await VectorIndex.build(copiesOf(k.index.passages, 2), hung, new FileEmbeddingCache(path.join(dir, 'hung.cache')), { batchSize: 8 });
      expect(built).toMatchObject({ ok: false, error: 'timeout' });
      expect(fake.embeddingCalls).toBe(calls + 1);
      expect(Date.now() - started).toBeLessThan(1_000);

      const logger = recordingLogger();
      const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'hung'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'bge-m3', OPENAI_TIMEOUT_MS: '300' });
      const answering = await createAnswering(config, logger);
      expect(answering.mode.search).toBe('lexical');
      expect(fake.embeddingCalls).toBe(calls + 2);
      expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', obj: { reason: 'timeout' }, msg: expect.stringMatching(/^embeddings unavailable; searching lexically only/) }]);
      expect((await answering.service.ask('Hvor mye pant er det på en sparepære?')).citations[0]?.path).toBe('nb/panteordning.md');
    } finally {
      fake.embeddingDelayMs = 0;
    }
  });

  it('sends a batch the server answers 503 or drops the connection on twice, the request and its one retry, then one short text, and no halves of it; the store answers by words', async () => {
    const k = await openKnowledge(MINI);
    const passages = copiesOf(k.index.passages, 2);
    const down = [
      { name: '503', set: (on: boolean) => void (fake.embeddingStatus = on ? 503 : 0) },
      { name: 'dropped', set: (on: boolean) => void (fake.embeddingDropsConnection = on) },
      // a 500 that says nothing of the request's size is no refusal of it either
      {
        name: '500',
        set: (on: boolean) => {
          fake.maxBatch = on ? 0 : Infinity;
          fake.refuseAs = on ? { status: 500, message: 'CUDA error: an illegal memory access was encountered' } : undefined;
        },
      },
    ];
    for (const { name, set } of down) {
      set(true);
      try {
        const before = fake.requests.length;
        const built = await VectorIndex.build(passages, embedder(), new FileEmbeddingCache(path.join(dir, `down-${name}.cache`)), { batchSize: 8 });
        expect({ name, built }).toMatchObject({ name, built: { ok: false, error: 'unavailable' } });
        // the short text, failed too, says the server is down: not a passage it fails
        expect({ name, sizes: fake.requests.slice(before).map((r) => (r.body.input as string[]).length) }).toEqual({ name, sizes: [8, 8, 1, 1] });
      } finally {
        set(false);
      }
    }

    fake.embeddingStatus = 503;
    try {
      const logger = recordingLogger();
      const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'down'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'bge-m3' });
      const calls = fake.embeddingCalls;
      const answering = await createAnswering(config, logger);
      // the store's first batch of 64 and its one retry, then the short text and its retry
      expect(fake.embeddingCalls).toBe(calls + 4);
      expect(answering.mode.search).toBe('lexical');
      expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', obj: { reason: 'unavailable' }, msg: expect.stringMatching(/^embeddings unavailable; searching lexically only/) }]);
      expect((await answering.service.ask('Hvor mye pant er det på en sparepære?')).citations[0]?.path).toBe('nb/panteordning.md');
    } finally {
      fake.embeddingStatus = 0;
    }
  });

  it.each([
    ['Ollama', { status: 400, message: 'the input length exceeds the context length' }],
    ['llama.cpp', { status: 500, message: 'input (1200 tokens) is too large to process. increase the physical batch size (current batch size: 512)' }],
    ['vLLM', { status: 400, message: "This model's maximum context length is 512 tokens. However, you requested 1200 tokens in the input for embedding generation." }],
  ])('halves a batch %s refuses as past its model\'s input, and leaves the text it will not take alone without a vector', async (_server, refusal) => {
    const k = await openKnowledge(MINI);
    const passages = copiesOf(k.index.passages, 2);
    const long = { ...passages[3]!, id: 'long', text: 'lysrør '.repeat(400) };
    fake.maxLength = 1000;
    fake.refuseAs = refusal;
    try {
      const built = await VectorIndex.build([...passages.slice(0, 3), long, ...passages.slice(3)], embedder(), new FileEmbeddingCache(path.join(dir, `refused-${refusal.status}-${refusal.message.length}.cache`)), { batchSize: 8 });
      if (!built.ok) throw new Error(built.error);
      expect(built.value.refused.map((p) => p.id)).toEqual(['long']);
    } finally {
      fake.maxLength = Infinity;
      fake.refuseAs = undefined;
    }
  });

  it('leaves a passage the model will not take without a vector, and embeds the rest as before', async () => {
    const k = await openKnowledge(MINI);
    const passages = copiesOf(k.index.passages, 4);
    const long = { ...passages[5]!, id: 'long', text: 'lysrør '.repeat(400) };
    const store = [...passages.slice(0, 5), long, ...passages.slice(5)];
    fake.maxLength = 1000;
    try {
      const before = fake.requests.length;
      const built = await VectorIndex.build(store, embedder(), new FileEmbeddingCache(path.join(dir, 'one-too-long.json')), { batchSize: 8 });
      if (!built.ok) throw new Error(built.error);
      expect(built.value.refused.map((p) => p.id)).toEqual(['long']);
      const sizes = fake.requests.slice(before).map((r) => (r.body.input as string[]).length);
      // the batch with the long passage is halved until it stands alone; the rest go 8 a request again
      expect(sizes.at(-1)).toBeLessThanOrEqual(8);
      expect(Math.max(...sizes.slice(sizes.lastIndexOf(1) + 1))).toBe(8);
      expect(new FileEmbeddingCache(path.join(dir, 'one-too-long.json')).size).toBe(passages.length);
      // a server that takes no text at all is no embeddings server: the build fails, and search goes on by words
      const none = await VectorIndex.build([long], embedder(), new FileEmbeddingCache(path.join(dir, 'none.json')));
      expect(none).toMatchObject({ ok: false, error: 'request_too_large' });
    } finally {
      fake.maxLength = Infinity;
    }
  });

  it('leaves a passage the server fails whenever it is sent (Ollama: 500 for a text bge-m3 gives NaN) without a vector, and embeds the rest', async () => {
    const k = await openKnowledge(MINI);
    const passages = copiesOf(k.index.passages, 4);
    const nan = { ...passages[13]!, id: 'nan', text: 'Bitcoin: A Peer-to-Peer Electronic Cash System' };
    const store = [...passages.slice(0, 13), nan, ...passages.slice(13)];
    const file = path.join(dir, 'nan.cache');
    fake.failsOn = /Peer-to-Peer/;
    try {
      const before = fake.requests.length;
      const built = await VectorIndex.build(store, embedder(), new FileEmbeddingCache(file), { batchSize: 8 });
      if (!built.ok) throw new Error(built.error);
      expect(built.value.failed.map((p) => p.id)).toEqual(['nan']);
      expect(built.value.refused).toEqual([]);
      expect(new FileEmbeddingCache(file).size).toBe(passages.length);
      // its batch (the second) failed, and its retry; a text the server embedded before showed it
      // up; then halves of the batch down to the passage alone, each half that failed with its
      // retry, beside the other that did not; then 8 a request again
      const sizes = fake.requests.slice(before).map((r) => (r.body.input as string[]).length);
      expect(sizes.slice(0, 14)).toEqual([8, 8, 8, 1, 4, 4, 4, 2, 2, 2, 1, 1, 1, 8]);

      // alone in a build (every other passage cached), it fails, and its retry; that the server is up, a word shows
      const again = fake.requests.length;
      const rebuilt = await VectorIndex.build(store, embedder(), new FileEmbeddingCache(file), { batchSize: 8 });
      if (!rebuilt.ok) throw new Error(rebuilt.error);
      expect(rebuilt.value.failed.map((p) => p.id)).toEqual(['nan']);
      const sent = fake.requests.slice(again).map((r) => r.body.input as string[]);
      expect(sent).toHaveLength(3);
      expect(sent.slice(0, 2)).toEqual([[passageText(nan)], [passageText(nan)]]);
      expect(sent[2]).toHaveLength(1);
      expect(sent[2]![0]).not.toBe(passageText(nan));
    } finally {
      fake.failsOn = undefined;
    }
  });

  it('stops looking for the passage the server fails once the server goes down, one short text after both halves of a batch fail', async () => {
    const k = await openKnowledge(MINI);
    const real = embedder();
    let requests = 0;
    // fails the first batch, embeds the short text and the first half of the batch, then is down
    const failing = { model: real.model, embed: (texts: string[]) => (++requests === 2 || requests === 3 ? real.embed(texts) : Promise.resolve({ ok: false as const, error: 'unavailable' as const, message: 'connection refused' })) };
    const file = path.join(dir, 'down-while-isolated.cache');
    const failed = await VectorIndex.build(copiesOf(k.index.passages, 2), failing, new FileEmbeddingCache(file), { batchSize: 8 });
    expect(failed).toMatchObject({ ok: false, error: 'unavailable' });
    // the batch, the short text, its halves (the second failed), that half's halves (both failed), the short text again
    expect(requests).toBe(7);
    expect(new FileEmbeddingCache(file).size).toBe(4);
  });

  it('embeds a store the server fails two passages of, names them in the log once, and searches by embeddings', async () => {
    // the mini store's Norwegian document names lysrør in its title: both its passages
    fake.failsOn = /lysrør/i;
    try {
      const logger = recordingLogger();
      const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'nan'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'bge-m3' });
      const answering = await createAnswering(config, logger);
      expect(answering.mode.search).toBe('hybrid');
      const failed = answering.knowledge.index.passages.filter((p) => /lysrør/i.test(passageText(p))).map((p) => p.id);
      expect(failed).toHaveLength(2);
      const warnings = logger.lines.filter((l) => l.level === 'warn');
      expect(warnings).toEqual([{ level: 'warn', obj: { passages: 2, first: failed }, msg: expect.stringMatching(/^the embeddings server failed some passages sent alone, while it embedded others/) }]);
      // the passage's path, never its text
      expect(JSON.stringify(logger.lines)).not.toMatch(/kvikksølv/);
      expect(new FileEmbeddingCache(embeddingCacheFile(config)).size).toBe(answering.knowledge.index.passages.length - 2);
      expect((await answering.service.ask('Hvor mye pant er det på en sparepære?')).citations[0]?.path).toBe('nb/panteordning.md');
    } finally {
      fake.failsOn = undefined;
    }
  });

  it('keeps the vectors on disk as float32, reads a cache an earlier Kompis wrote as JSON, and starts afresh from a broken one', async () => {
    const file = path.join(dir, 'round-trip.cache');
    const written = new FileEmbeddingCache(file);
    written.set('a', [0.1, -2.5, 3]);
    written.set('b', Array.from({ length: 1024 }, (_, i) => Math.sin(i)));
    await written.flush();
    const read = new FileEmbeddingCache(file);
    expect(read.size).toBe(2);
    expect([...read.get('a')!]).toEqual([...Float32Array.from([0.1, -2.5, 3])]);
    expect(read.get('b')![1023]).toBeCloseTo(Math.sin(1023), 6);
    // four bytes a number, and a header line
    expect(fs.statSync(file).size).toBeLessThan((3 + 1024) * 4 + 200);

    const legacy = path.join(dir, 'legacy.json');
    fs.writeFileSync(legacy, JSON.stringify({ old: [1, 2, 3] }));
    const moved = path.join(dir, 'moved.cache');
    const fromJson = new FileEmbeddingCache(moved, legacy);
    expect([...fromJson.get('old')!]).toEqual([1, 2, 3]);
    await fromJson.flush();
    expect(new FileEmbeddingCache(moved).get('old')).toEqual(Float32Array.from([1, 2, 3]));

    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    expect(new FileEmbeddingCache(file).size).toBe(0);
  });

  it('re-embeds only a passage whose content changed', async () => {
    const k = await openKnowledge(MINI);
    const file = path.join(dir, 'cache-2.json');
    await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
    const changed = k.index.passages.map((p, i) => (i === 0 ? { ...p, text: `${p.text} Endret.` } : p));
    const before = fake.requests.length;
    await VectorIndex.build(changed, embedder(), new FileEmbeddingCache(file));
    const inputs = fake.requests.slice(before).flatMap((r) => r.body.input as string[]);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toContain('Endret.');
  });

  it('fuses the semantic ranking into the answer path', async () => {
    const k = await openKnowledge(MINI);
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, 'c3.json')));
    if (!built.ok) throw new Error(built.error);
    const service = new AnswerService({ index: k.index, vectors: built.value, clock: fixedClock('2026-11-22T00:00:00Z'), logger: silentLogger });
    const a = await service.ask('Hvor mye pant er det på sparepærer?');
    expect(a.abstained).toBe(false);
    expect(a.citations[0]?.path).toBe('nb/panteordning.md');
    const embedQuestion = fake.requests.at(-1)!;
    expect(embedQuestion.body).toMatchObject({ model: 'test-embed', input: ['Hvor mye pant er det på sparepærer?'] });
  });

  it('reads the vectors the model made, from a server that honours the encoding asked for and from one that ignores it', async () => {
    const text = 'Hvor mye pant er det på sparepærer?';
    for (const floatsOnly of [false, true]) {
      fake.floatsOnly = floatsOnly;
      const got = await embedder().embed([text, 'lysrør og sparepærer']);
      expect(got).toEqual({ ok: true, value: [bagOfWords(text), bagOfWords('lysrør og sparepærer')] });
      expect(fake.requests.at(-1)!.body).toMatchObject({ encoding_format: 'float' });
    }
    fake.floatsOnly = false;
  });

  it('gives the passages nearest a question, nearest first, as every cosine sorted would', async () => {
    const k = await openKnowledge(MINI);
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, 'c6.json')));
    if (!built.ok) throw new Error(built.error);
    const question = 'Hvor mye pant er det på sparepærer og lysrør?';
    const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b) || 1);
    const expected = k.index.passages
      .map((p, i) => ({ i, similarity: cosine(bagOfWords(question), bagOfWords(passageText(p))) }))
      .sort((a, b) => b.similarity - a.similarity || a.i - b.i)
      .slice(0, 4);
    const near = await built.value.nearest(question, 4);
    if (!near.ok) throw new Error(near.error);
    expect(near.value.neighbours.map((n) => n.passage)).toEqual(expected.map((e) => k.index.passages[e.i]));
    near.value.neighbours.forEach((n, j) => expect(n.similarity).toBeCloseTo(expected[j]!.similarity, 5));
    expect(near.value.similarityOf(k.index.passages.at(-1)!)).toBeCloseTo(cosine(bagOfWords(question), bagOfWords(passageText(k.index.passages.at(-1)!))), 5);
  });

  it('gives no neighbours of no similarity: a question that shares nothing with the store is near no passage', async () => {
    const k = await openKnowledge(MINI);
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, 'c6.json')));
    if (!built.ok) throw new Error(built.error);
    // no word of three letters: a vector of zeros, as similar to every passage as to none
    const near = await built.value.nearest('?? !!', 5);
    if (!near.ok) throw new Error(near.error);
    expect(near.value.neighbours).toEqual([]);
    expect(near.value.similarityOf(k.index.passages[0]!)).toBe(0);
  });

  describe('when the server gives vectors of another length under the same model name', () => {
    const question = 'Hvor mye pant er det på sparepærer?';
    const lengths = (file: string, passages: Passage[]) => new Set(passages.map((p) => new FileEmbeddingCache(file).get(contentKey('test-embed', passageText(p)))?.length));
    afterEach(() => {
      fake.dimensions = 64;
    });

    it('embeds every passage again when one is embedded, never ranking vectors of two lengths side by side', async () => {
      const k = await openKnowledge(MINI);
      const file = path.join(dir, 'resized.cache');
      await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
      fake.dimensions = 32;
      const changed = k.index.passages.map((p, i) => (i === 0 ? { ...p, text: `${p.text} Endret.` } : p));
      const before = fake.requests.length;
      const built = await VectorIndex.build(changed, embedder(), new FileEmbeddingCache(file));
      if (!built.ok) throw new Error(built.error);
      // the changed passage, then every other: their cached vectors are another model's
      expect(fake.requests.slice(before).flatMap((r) => r.body.input as string[])).toHaveLength(changed.length);
      expect(lengths(file, changed)).toEqual(new Set([32]));
      // the nearest as the server's 32 numbers place it
      const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b) || 1);
      const best = Math.max(...changed.map((p) => cosine(bagOfWords(question, 32), bagOfWords(passageText(p), 32))));
      const near = await built.value.nearest(question, 3);
      if (!near.ok) throw new Error(near.error);
      expect(best).toBeGreaterThan(0);
      expect(near.value.neighbours[0]!.similarity).toBeCloseTo(best, 5);
    });

    it('embeds every passage again from a cache that holds vectors of two lengths', async () => {
      const k = await openKnowledge(MINI);
      const file = path.join(dir, 'mixed.cache');
      const mixed = new FileEmbeddingCache(file);
      k.index.passages.forEach((p, i) => mixed.set(contentKey('test-embed', passageText(p)), bagOfWords(passageText(p), i % 2 === 0 ? 64 : 32)));
      await mixed.flush();
      const before = fake.requests.length;
      const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
      expect(built.ok).toBe(true);
      expect(fake.requests.slice(before).flatMap((r) => r.body.input as string[])).toHaveLength(k.index.passages.length);
      expect(lengths(file, k.index.passages)).toEqual(new Set([64]));
    });

    it("searches a question by its words alone when its vector is not as long as the store's, says so once, and embeds the store again at the next start", async () => {
      const k = await openKnowledge(MINI);
      const file = path.join(dir, 'question-resized.cache');
      await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
      fake.dimensions = 32;
      const logger = recordingLogger();
      const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file), { logger });
      if (!built.ok) throw new Error(built.error);
      expect(await built.value.nearest(question, 30)).toMatchObject({ ok: false, error: 'invalid_response' });
      const weighing = { ...DEFAULT_CALIBRATION, weights: { ...DEFAULT_CALIBRATION.weights, dense: 2 } };
      const r = await retrieve(question, k.index, { vectors: built.value, calibration: weighing });
      expect(r.signals!.dense).toBe(0);
      expect(r.hits[0]?.passage.path).toBe('nb/panteordning.md');
      expect(logger.lines).toEqual([{ level: 'warn', obj: { model: 'test-embed', question: 32, store: 64 }, msg: expect.stringMatching(/^the embeddings server gives a question 32 numbers, the store's vectors have 64/) }]);
      const before = fake.requests.length;
      const again = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
      expect(again.ok).toBe(true);
      expect(fake.requests.slice(before).flatMap((r) => r.body.input as string[])).toHaveLength(k.index.passages.length);
      expect(lengths(file, k.index.passages)).toEqual(new Set([32]));
    });

    it("embeds the store again with the server's model, as the server runs, once a question's vector is not as long as the store's, and searches by words until it is", async () => {
      const logger = recordingLogger();
      const outcomes: string[] = [];
      const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'model-changed'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'test-embed' });
      const answering = await createAnswering(config, logger, { embedInBackground: true, observeQuestionEmbedding: (o) => outcomes.push(o) });
      try {
        await answering.embedded;
        expect(answering.mode.search).toBe('hybrid');
        const passages = answering.knowledge.index.passages;
        fake.dimensions = 32;
        // slow enough that the build is seen under way
        fake.embeddingMsPerText = 20;
        const before = fake.requests.length;
        // questions that find the store's vectors outdated together: one build, one warning
        const meanwhile = await Promise.all([1, 2, 3].map(() => answering.service.ask(question)));
        expect(meanwhile.map((a) => a.citations[0]?.path)).toEqual(['nb/panteordning.md', 'nb/panteordning.md', 'nb/panteordning.md']);
        expect(answering.mode).toMatchObject({ search: 'lexical', embeddings: 'embedding' });
        expect((await answering.service.ask(question)).citations[0]?.path).toBe('nb/panteordning.md');
        await eventually(() => expect(answering.mode).toMatchObject({ search: 'hybrid', embeddings: 'built' }));
        const rebuilt = fake.requests.slice(before).filter((r) => (r.body.input as string[]).length > 1 || (r.body.input as string[])[0] !== question);
        expect(rebuilt.flatMap((r) => r.body.input as string[])).toHaveLength(passages.length);
        expect(lengths(embeddingCacheFile(config), passages)).toEqual(new Set([32]));
        await answering.service.ask(question);
        expect(outcomes).toEqual(['invalid_response', 'invalid_response', 'invalid_response', 'unavailable', 'ok']);
        expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([expect.stringMatching(/^the embeddings server gives a question 32 numbers, the store's vectors have 64 .*until the store is embedded again/)]);
      } finally {
        fake.embeddingMsPerText = 0;
        answering.close();
      }
    });
  });

  it("weighs the embeddings' similarity of the question and the best passage in the decision, where the store's model does", async () => {
    const k = await openKnowledge(MINI);
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, 'c4.json')));
    if (!built.ok) throw new Error(built.error);
    const question = 'Hvor mye pant er det på sparepærer?';
    const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));
    const weighing = { ...DEFAULT_CALIBRATION, weights: { ...DEFAULT_CALIBRATION.weights, dense: 2 } };

    const withVectors = await retrieve(question, k.index, { vectors: built.value, calibration: weighing });
    const top = withVectors.hits[0]!.passage;
    const embedded = fake.requests.at(-1)!.body.input as string[];
    expect(embedded).toEqual([withVectors.text]);
    expect(withVectors.signals!.dense).toBeCloseTo(cosine(bagOfWords(withVectors.text), bagOfWords(passageText(top))), 5);
    expect(withVectors.signals!.dense).toBeGreaterThan(0);
    expect(withVectors.score).toBeCloseTo(evidenceScore(weighing, withVectors.signals!), 9);
    // without embeddings there is no similarity, and the shipped model (which never weighs it) decides
    const without = await retrieve(question, k.index, { calibration: weighing });
    expect(without.signals!.dense).toBe(0);
    expect(without.score).toBeCloseTo(evidenceScore(DEFAULT_CALIBRATION, without.signals!), 9);
  });

  it("decides with the shipped model when the embeddings endpoint fails for a question, and still answers", async () => {
    const k = await openKnowledge(MINI);
    const other = new FakeOpenAi();
    const url = await other.start();
    const built = await VectorIndex.build(k.index.passages, new OpenAiEmbedder({ apiKey: 'sk-test', baseURL: url, model: 'test-embed', timeoutMs: 2000 }), new FileEmbeddingCache(path.join(dir, 'c5.json')));
    await other.stop();
    if (!built.ok) throw new Error(built.error);
    const weighing = { ...DEFAULT_CALIBRATION, weights: { ...DEFAULT_CALIBRATION.weights, dense: 2 } };
    const r = await retrieve('Hvor mye pant er det på sparepærer?', k.index, { vectors: built.value, calibration: weighing });
    expect(r.signals!.dense).toBe(0);
    expect(r.score).toBeCloseTo(evidenceScore(DEFAULT_CALIBRATION, r.signals!), 9);
    expect(r.weak).toBeUndefined();
    expect(r.hits[0]?.passage.path).toBe('nb/panteordning.md');
  });

  it('waits a short while for a question\'s embedding, then searches by words alone until the server is tried again', async () => {
    const k = await openKnowledge(MINI);
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, 'c7.json')), { questionTimeoutMs: 300, retryAfterMs: 1_000 });
    if (!built.ok) throw new Error(built.error);
    const service = new AnswerService({ index: k.index, vectors: built.value, clock: fixedClock('2026-11-22T00:00:00Z'), logger: silentLogger });
    const question = 'Hvor mye pant er det på sparepærer?';
    fake.embeddingDelayMs = 5_000;
    try {
      const calls = fake.embeddingCalls;
      const started = Date.now();
      const slow = await service.ask(question);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(slow).toMatchObject({ abstained: false, mode: 'extractive' });
      expect(slow.citations[0]?.path).toBe('nb/panteordning.md');
      expect(fake.embeddingCalls).toBe(calls + 1);
      // the next questions are not sent while the server is let be
      await service.ask('Hur mycket el ger solpanelerna i Malmö per år?');
      expect(fake.embeddingCalls).toBe(calls + 1);
      fake.embeddingDelayMs = 0;
      await new Promise((r) => setTimeout(r, 1_100));
      const again = await retrieve(question, k.index, { vectors: built.value });
      expect(fake.embeddingCalls).toBe(calls + 2);
      expect(again.signals!.dense).toBeGreaterThan(0);
    } finally {
      fake.embeddingDelayMs = 0;
    }
  });

  it.each([
    ['TEI', undefined],
    ['llama.cpp', { status: 500, message: 'input (1200 tokens) is too large to process. increase the physical batch size (current batch size: 512)' }],
  ])("searches a question %s refuses as longer than its model takes by its words alone, and embeds the next one at once", async (server, refusal) => {
    const k = await openKnowledge(MINI);
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, `long-question-${server}.cache`)));
    if (!built.ok) throw new Error(built.error);
    fake.maxLength = 1500;
    fake.refuseAs = refusal;
    try {
      // a customer's e-mail pasted in as it came: Kompis takes a question of up to 2,000 characters
      const email = 'Hei! Jeg kjøpte en pakke sparepærer hos dere i fjor og har nå en del gamle lysrør liggende i garasjen etter at vi pusset opp kjøkkenet. '.repeat(14) + 'Hvor mye pant er det på en sparepære? Mvh Kari';
      expect(email.length).toBeGreaterThan(1500);
      expect(email.length).toBeLessThan(2000);
      const before = fake.requests.length;
      const long = await retrieve(email, k.index, { vectors: built.value });
      // the whole message, greeting aside, was sent, and refused
      expect((fake.requests[before]!.body.input as string[])[0]!.length).toBeGreaterThan(1500);
      expect(long.hits[0]?.passage.path).toBe('nb/panteordning.md');
      // another agent's question right after: the server is up, and is asked
      const calls = fake.embeddingCalls;
      const next = await retrieve('Hva skjer med innleverte lysrør?', k.index, { vectors: built.value });
      expect(fake.embeddingCalls).toBe(calls + 1);
      expect(next.signals!.dense).toBeGreaterThan(0);
    } finally {
      fake.maxLength = Infinity;
      fake.refuseAs = undefined;
    }
  });

  it('takes its own server, key and model, apart from the chat model: a local embeddings server with lexical+semantic search and extractive answers', async () => {
    const before = fake.requests.length;
    const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'own'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_API_KEY: 'emb-key', EMBEDDINGS_MODEL: 'bge-m3' });
    const answering = await createAnswering(config, silentLogger);
    expect(answering.mode).toEqual({ answers: 'extractive', search: 'hybrid' });
    const calls = fake.requests.slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((r) => r.path.endsWith('/embeddings') && r.body.model === 'bge-m3' && r.headers.authorization === 'Bearer emb-key')).toBe(true);
    const a = await answering.service.ask('Hvor mye pant er det på en sparepære?');
    expect(a).toMatchObject({ abstained: false, mode: 'extractive' });
  });

  it('answers by words from the start while the store is embedded in the background, and by embeddings too once it is', async () => {
    fake.embeddingMsPerText = 40;
    try {
      const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'background'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'bge-m3' });
      const question = 'Hvor mye pant er det på en sparepære?';
      const before = fake.requests.length;
      const embeddedQuestion = () => fake.requests.slice(before).some((r) => JSON.stringify(r.body.input) === JSON.stringify([question]));
      const started = Date.now();
      const answering = await createAnswering(config, silentLogger, { embedInBackground: true });
      const k = answering.knowledge;
      // embedding every passage takes 40 ms each; the service is there before
      expect(Date.now() - started).toBeLessThan(k.index.passages.length * 40);
      expect(answering.mode.search).toBe('lexical');
      const early = await answering.service.ask(question);
      expect(early).toMatchObject({ abstained: false });
      expect(early.citations[0]?.path).toBe('nb/panteordning.md');
      expect(embeddedQuestion()).toBe(false);
      await answering.embedded;
      expect(answering.mode.search).toBe('hybrid');
      await answering.service.ask(question);
      expect(embeddedQuestion()).toBe(true);
    } finally {
      fake.embeddingMsPerText = 0;
    }
  });

  /** Kompis on the mini store, started with its embeddings server answering 503, after the first attempt to embed the store. */
  async function startedWhileDown(data: string, retry: BuildRetry, observeQuestionEmbedding?: (outcome: string) => void) {
    fake.embeddingStatus = 503;
    const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, data), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'bge-m3' });
    const answering = await createAnswering(config, silentLogger, { embedInBackground: true, embeddingRetry: retry, ...(observeQuestionEmbedding ? { observeQuestionEmbedding } : {}) });
    await answering.embedded;
    return answering;
  }

  it('tries the build again while the embeddings server is down, later each time, and searches by embeddings once it is up', async () => {
    const outcomes: string[] = [];
    const answering = await startedWhileDown('retry', { firstMs: 150, longestMs: 300 }, (o) => outcomes.push(o));
    try {
      expect(answering.mode).toMatchObject({ search: 'lexical', embeddings: 'waiting' });
      const calls = fake.embeddingCalls;
      // the server is still down: tried again, and again
      await eventually(() => expect(fake.embeddingCalls).toBeGreaterThanOrEqual(calls + 2), 5_000);
      expect(answering.mode.search).toBe('lexical');
      const meanwhile = await answering.service.ask('Hvor mye pant er det på en sparepære?');
      expect(meanwhile.citations[0]?.path).toBe('nb/panteordning.md');
      fake.embeddingStatus = 0;
      await eventually(() => expect(answering.mode).toMatchObject({ search: 'hybrid', embeddings: 'built' }), 5_000);
      const after = fake.embeddingCalls;
      await answering.service.ask('Hvor mye pant er det på en sparepære?');
      expect(fake.embeddingCalls).toBe(after + 1);
      // how each question's embedding went, for the metrics: searched by words alone while the store was not embedded
      expect(outcomes).toEqual(['unavailable', 'ok']);
    } finally {
      fake.embeddingStatus = 0;
      answering.close();
    }
  });

  it('waits twice as long after each failed build, up to the longest wait', async () => {
    const waits: (number | undefined)[] = [];
    let builds = 0;
    const k = await openKnowledge(MINI);
    const build = async () => (++builds < 4 ? { ok: false as const, error: 'unavailable' as const, message: 'down' } : VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(dir, 'waits.cache'))));
    const pending = new EmbeddingsWhenBuilt(build, { retry: { firstMs: 20, longestMs: 50 }, onAttempt: (a) => waits.push(a.retryInMs) });
    await eventually(() => expect(pending.state).toBe('built'));
    expect(waits).toEqual([20, 40, 50, undefined]);
  });

  it('stops trying when closed', async () => {
    const answering = await startedWhileDown('closed', { firstMs: 100, longestMs: 100 });
    try {
      answering.close();
      expect(answering.mode.embeddings).toBe('stopped');
      const calls = fake.embeddingCalls;
      await new Promise((r) => setTimeout(r, 400));
      expect(fake.embeddingCalls).toBe(calls);
    } finally {
      fake.embeddingStatus = 0;
    }
  });

  it('sends no more requests of a build under way once closed, and keeps what it embedded', async () => {
    const k = await openKnowledge(MINI);
    const file = path.join(dir, 'stopped.cache');
    // 100 ms a request of two: the build is under way when it is stopped
    fake.embeddingMsPerText = 50;
    try {
      const calls = fake.embeddingCalls;
      const pending = new EmbeddingsWhenBuilt((signal) => VectorIndex.build(copiesOf(k.index.passages, 3), embedder(), new FileEmbeddingCache(file), { batchSize: 2, signal }));
      await eventually(() => expect(fake.embeddingCalls).toBe(calls + 1));
      pending.stop();
      expect((await pending.ready).ok).toBe(false);
      expect(fake.embeddingCalls).toBe(calls + 1);
      expect(new FileEmbeddingCache(file).size).toBe(2);
    } finally {
      fake.embeddingMsPerText = 0;
    }
  });

  it('keeps what a failed build embedded, so the next goes on from there', async () => {
    const k = await openKnowledge(MINI);
    const file = path.join(dir, 'partial.cache');
    const real = embedder();
    let requests = 0;
    // the server goes away after its first request
    const failing = { model: real.model, embed: (texts: string[]) => (++requests === 1 ? real.embed(texts) : Promise.resolve({ ok: false as const, error: 'unavailable' as const, message: 'connection refused' })) };
    const failed = await VectorIndex.build(k.index.passages, failing, new FileEmbeddingCache(file), { batchSize: 2 });
    expect(failed.ok).toBe(false);
    // the second batch, then the text the server embedded first, which it fails too: down
    expect(requests).toBe(3);
    expect(new FileEmbeddingCache(file).size).toBe(2);
    const before = fake.requests.length;
    const built = await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
    expect(built.ok).toBe(true);
    expect(fake.requests.slice(before).flatMap((r) => r.body.input as string[])).toHaveLength(k.index.passages.length - 2);
  });

  it('keeps one store\'s embeddings as it is now: a changed passage\'s old vector is let go, another store\'s are in a file of its own', async () => {
    const k = await openKnowledge(MINI);
    const file = path.join(dir, 'current.cache');
    await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(file));
    const changed = k.index.passages.map((p, i) => (i === 0 ? { ...p, text: `${p.text} Endret.` } : p)).slice(0, -1);
    await VectorIndex.build(changed, embedder(), new FileEmbeddingCache(file));
    expect(new FileEmbeddingCache(file).size).toBe(changed.length);

    const data = path.join(dir, 'shared-data');
    const mini = embeddingCacheFile({ dataDir: data, knowledgeDir: MINI });
    const sample = embeddingCacheFile({ dataDir: data, knowledgeDir: SAMPLE_PACK });
    expect(path.dirname(mini)).toBe(data);
    expect(mini).not.toBe(sample);
  });

  it('reads the cache an earlier Kompis kept for the whole data folder, and embeds nothing again', async () => {
    const k = await openKnowledge(MINI);
    const data = path.join(dir, 'earlier');
    await VectorIndex.build(k.index.passages, embedder(), new FileEmbeddingCache(path.join(data, 'embeddings.cache')));
    const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: data, EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'test-embed' });
    const calls = fake.embeddingCalls;
    const answering = await createAnswering(config, silentLogger);
    expect(answering.mode.search).toBe('hybrid');
    expect(fake.embeddingCalls).toBe(calls);
    expect(new FileEmbeddingCache(embeddingCacheFile(config)).size).toBe(k.index.passages.length);
  });

  it('gives up at once on an embeddings server that refuses the key, logging which setting to check and never the key', async () => {
    fake.embeddingStatus = 401;
    try {
      const logger = recordingLogger();
      const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'refused-key'), EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_API_KEY: 'emb-revoked-77', EMBEDDINGS_MODEL: 'bge-m3' });
      const calls = fake.embeddingCalls;
      const answering = await createAnswering(config, logger);
      expect(answering.mode.search).toBe('lexical');
      // one request: a refused key is not a batch too large, to be sent in halves
      expect(fake.embeddingCalls).toBe(calls + 1);
      const errors = logger.lines.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.msg).toMatch(/embeddings server refused the API key: check EMBEDDINGS_API_KEY/);
      expect(logger.lines.find((l) => l.level === 'warn')?.obj).toEqual({ reason: 'unauthorized' });
      expect(JSON.stringify(logger.lines)).not.toContain('emb-revoked-77');
    } finally {
      fake.embeddingStatus = 0;
    }
  });

  it('never sends the chat provider\'s key to a separate embeddings server', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-chat', EMBEDDINGS_BASE_URL: 'http://localhost:11434/v1', EMBEDDINGS_MODEL: 'bge-m3' });
    const none = { query: '', passage: '' };
    expect(config.embeddings).toEqual({ model: 'bge-m3', baseURL: 'http://localhost:11434/v1', prefixes: none });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-chat', OPENAI_EMBEDDINGS_MODEL: 'text-embedding-3-small' }).embeddings).toEqual({ model: 'text-embedding-3-small', apiKey: 'sk-chat', prefixes: none });
    expect(() => loadConfig({ EMBEDDINGS_MODEL: 'bge-m3' })).toThrow(/EMBEDDINGS_MODEL: embeddings need EMBEDDINGS_BASE_URL/);
  });
});
