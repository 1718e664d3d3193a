import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from './config';
import { withShippedModels } from './core/answers/default-calibration';
import { AnswerService } from './core/answers/service';
import { defaultPromptsDir, loadPrompts, type Prompts } from './core/answers/prompts';
import { openAnsweringKnowledge, type Knowledge } from './core/knowledge/knowledge';
import { type BuildAttempt, type BuildRetry, EmbeddingsWhenBuilt, type NearestPassages, VectorIndex } from './core/knowledge/vector-index';
import { systemClock, type Clock, type LlmFailure, type Logger } from './core/ports';
import { FileEmbeddingCache } from './llm/embedding-cache';
import { OpenAiEmbedder, OpenAiLlm } from './llm/openai-llm';

export interface Answering {
  knowledge: Knowledge;
  service: AnswerService;
  /** The embeddings, when an embeddings model is configured (and, unless built in the background, could be built). */
  vectors?: NearestPassages;
  /** 'llm', 'hybrid' etc.: what answers and searches with now, for the health check and the start-up line. */
  mode: {
    answers: 'llm' | 'extractive';
    readonly search: 'lexical' | 'hybrid';
    /** Where the embeddings built in the background stand, when they are. */
    readonly embeddings: EmbeddingsWhenBuilt['state'] | undefined;
  };
  /** Settled when the first attempt to build the store's embeddings in the background has succeeded or failed (see `embedInBackground`). */
  embedded?: Promise<void>;
  /** Stops what runs in the background: a build of the embeddings waiting to be tried again. */
  close(): void;
  /** The model, when one is configured, for the pulse's themes paragraph. */
  llm?: { client: OpenAiLlm; timeoutMs: number };
}

/** How answers are wired: the options of `createAnswering`. */
export interface AnsweringOptions {
  extractiveOnly?: boolean;
  clock?: Clock;
  embedInBackground?: boolean;
  embeddingRetry?: BuildRetry;
  observeQuestionEmbedding?: (outcome: 'ok' | LlmFailure) => void;
}

/**
 * Knowledge, search and answers, wired from the configuration: the LLM when one is set (a key,
 * or a server of one's own at OPENAI_BASE_URL), extractive otherwise; hybrid search when an embeddings model is set (on its own server or the chat provider's).
 */
export async function createAnswering(config: Config, logger: Logger, opts: AnsweringOptions = {}, tools?: AnsweringTools): Promise<Answering> {
  const knowledge = await openAnsweringKnowledge(config.knowledgeDir);
  reportKnowledge(knowledge, logger);
  const size = knowledge.index.size;
  logger.info({ dir: knowledge.dir, documents: size.documents, passages: size.passages, problems: knowledge.problems.length }, 'knowledge store loaded');
  reportCalibration(knowledge, logger);
  return answeringWith(knowledge, tools ?? answeringTools(config, logger, opts), config, logger, opts);
}

/**
 * What a curator reads of a store as it loads: each problem, what a document left out was read as,
 * the files not read. Of a store loaded again, only what `before` did not say already.
 */
export function reportKnowledge(knowledge: Knowledge, logger: Logger, before?: Knowledge): void {
  const said = (list: readonly object[] | undefined) => new Set((list ?? []).map((x) => JSON.stringify(x)));
  const problemsSaid = said(before?.problems);
  const inferredSaid = said(before?.inferred);
  const unreadSaid = new Set(before?.unread);
  for (const p of knowledge.problems) {
    if (!problemsSaid.has(JSON.stringify(p))) logger.warn({ path: p.path, field: p.field }, `${p.published ? 'knowledge file published, to be checked' : 'knowledge file skipped'}: ${p.message}`);
  }
  const inferred = knowledge.inferred.filter((i) => !inferredSaid.has(JSON.stringify(i)));
  // a curator checks what a document left out was read as; front matter that names it settles it.
  // A language read from the text is a guess (a short text can read as a neighbouring language): a warning.
  const unnamed = [...new Set(inferred.map((i) => i.path))];
  if (unnamed.length > 0) {
    logger.warn({ files: unnamed.length, first: unnamed.slice(0, 5) }, 'knowledge files without a title or language in front matter: each is published, read as logged below (a name starting with _ keeps a file out)');
  }
  for (const i of inferred) {
    const guessed = i.field === 'lang' && i.from === 'text';
    logger[guessed ? 'warn' : 'info']({ path: i.path, field: i.field, value: i.value, from: i.from }, `knowledge file gives no ${i.field}: read from its ${i.from}`);
  }
  // a document a link gives a second name is cited by one, the same at every start
  const sameSaid = said(before?.sameFile);
  for (const f of knowledge.sameFile.filter((f) => !sameSaid.has(JSON.stringify(f)))) {
    logger.info({ path: f.path, readAs: f.readAs }, `knowledge file read once, as ${f.readAs}: a link makes it the same file`);
  }
  // a page exported as HTML, a PDF or a Word file says nothing to the agents until it is markdown or text
  const unread = knowledge.unread.filter((f) => !unreadSaid.has(f));
  if (unread.length > 0) {
    logger.warn({ files: unread.length, first: unread.slice(0, 5) }, 'knowledge files not read: only .md, .markdown and .txt files are documents; save these as one of them (a name starting with _ keeps a file out)');
  }
}

/** Which model decides to answer or abstain: the store's own, or the shipped one. */
export function reportCalibration(knowledge: Knowledge, logger: Logger): void {
  const own = knowledge.calibration && withShippedModels(knowledge.calibration);
  if (own && own.filled.length + own.missing.length > 0) {
    logger.warn(
      { calibration: '_calibration.json', shipped: own.filled, missing: own.missing },
      'the store\'s _calibration.json lacks parts (written by an older Kompis, or fitted on few questions): the shipped models stand in for the ordering and the section to quote, and without its own tentativeBelow no answer is marked as the closest the store has; run kompis eval --calibrate again',
    );
  }
  // the store's own model decides whenever it was read, with or without a word of what it was fitted on
  const fitted = knowledge.calibration?.fitted;
  logger.info(
    knowledge.calibration ? { calibration: '_calibration.json', ...(fitted ? { fittedOn: fitted.on, questions: fitted.questions } : { fittedOn: 'not written (by hand, or by an older Kompis)' }) } : { calibration: 'shipped default' },
    'answering or abstaining by the calibrated model',
  );
}

/** What answers besides the store, made once and kept while the store is loaded again: the model, the embedder and its cache, the prompts. */
export interface AnsweringTools {
  llm?: OpenAiLlm;
  embeddings?: { embedder: OpenAiEmbedder; cache: FileEmbeddingCache; prefixes: NonNullable<Config['embeddings']>['prefixes'] };
  prompts: Prompts;
}

/** The tools the configuration asks for; a prompt that is missing or broken stops the start. */
export function answeringTools(config: Config, logger: Logger, opts: AnsweringOptions = {}): AnsweringTools {
  const llm = config.chat && !opts.extractiveOnly ? new OpenAiLlm({ ...config.chat, timeoutMs: config.OPENAI_TIMEOUT_MS, logger }) : undefined;
  let embeddings: AnsweringTools['embeddings'];
  if (config.embeddings) {
    const cache = new FileEmbeddingCache(embeddingCacheFile(config), ...EARLIER_CACHES.map((f) => path.join(config.dataDir, f)));
    const { prefixes, ...server } = config.embeddings;
    // the key a separate embeddings server is sent is its own, never the chat model's (see loadConfig)
    const keyVariable = config.EMBEDDINGS_BASE_URL || config.EMBEDDINGS_API_KEY ? 'EMBEDDINGS_API_KEY' : 'OPENAI_API_KEY';
    embeddings = { embedder: new OpenAiEmbedder({ ...server, timeoutMs: config.OPENAI_TIMEOUT_MS, logger, keyVariable }), cache, prefixes };
  }
  return { ...(llm ? { llm } : {}), ...(embeddings ? { embeddings } : {}), prompts: loadPrompts(defaultPromptsDir()) };
}

/** Search and answers over a store that is loaded: its embeddings built (or building in the background) with the tools given. */
export async function answeringWith(knowledge: Knowledge, tools: AnsweringTools, config: Config, logger: Logger, opts: AnsweringOptions = {}): Promise<Answering> {
  const size = knowledge.index.size;
  const own = knowledge.calibration && withShippedModels(knowledge.calibration);
  const { llm } = tools;
  let vectors: NearestPassages | undefined;
  let embedded: Promise<void> | undefined;
  let hybrid = () => false;
  let background: EmbeddingsWhenBuilt | undefined;
  if (tools.embeddings) {
    const { embedder, cache, prefixes } = tools.embeddings;
    const build = (signal?: AbortSignal) => VectorIndex.build(knowledge.index.passages, embedder, cache, { prefixes, logger, ...(signal ? { signal } : {}) });
    const report = ({ result, retryInMs }: BuildAttempt) => {
      if (!result.ok) {
        const retry = retryInMs === undefined ? {} : { retryInSeconds: Math.round(retryInMs / 1000) };
        // a batch not answered in time is not sent in halves (see VectorIndex.build): a slow model's operator is told what to change
        const slow = result.error === 'timeout' ? `; no answer to a batch of passages within OPENAI_TIMEOUT_MS (${config.OPENAI_TIMEOUT_MS} ms): a server that is up but slow (a model on a CPU) needs a longer one` : '';
        return logger.warn({ reason: result.error, ...retry }, `${retryInMs === undefined ? 'embeddings unavailable; searching lexically only' : 'embeddings unavailable; searching lexically until they are built'}${slow}`);
      }
      const refused = result.value.refused.map((p) => p.id);
      if (refused.length > 0) logger.warn({ passages: refused.length, first: refused.slice(0, 5) }, 'the embeddings server would not embed some passages (too long for its model?); they are found by their words alone');
      const failed = result.value.failed.map((p) => p.id);
      if (failed.length > 0) logger.warn({ passages: failed.length, first: failed.slice(0, 5) }, 'the embeddings server failed some passages sent alone, while it embedded others (its model gives them no vector?); they are found by their words alone');
      logger.info({ passages: size.passages }, 'knowledge store embedded: searching by words and embeddings');
    };
    if (opts.embedInBackground) {
      logger.info({ passages: size.passages }, 'embedding the knowledge store; until it is done, questions are searched by their words');
      const pending = new EmbeddingsWhenBuilt(build, { onAttempt: report, ...(opts.embeddingRetry ? { retry: opts.embeddingRetry } : {}) });
      embedded = pending.ready.then(() => undefined);
      vectors = background = pending;
      hybrid = () => pending.isBuilt;
    } else {
      const result = await build();
      report({ attempt: 1, result });
      if (result.ok) {
        vectors = result.value;
        hybrid = () => true;
      }
    }
  }
  const service = new AnswerService({
    index: knowledge.index,
    clock: opts.clock ?? systemClock,
    logger,
    defaultLang: config.DEFAULT_LANG,
    ...(own ? { calibration: own.calibration } : {}),
    ...(llm ? { llm: { client: llm, prompts: tools.prompts, timeoutMs: config.OPENAI_TIMEOUT_MS } } : {}),
    ...(vectors ? { vectors: opts.observeQuestionEmbedding ? observed(vectors, opts.observeQuestionEmbedding) : vectors } : {}),
  });
  const mode = {
    answers: llm ? ('llm' as const) : ('extractive' as const),
    get search() {
      return hybrid() ? ('hybrid' as const) : ('lexical' as const);
    },
    get embeddings() {
      return background?.state;
    },
  };
  const close = () => background?.stop();
  return { knowledge, service, ...(vectors ? { vectors } : {}), ...(embedded ? { embedded } : {}), mode, close, ...(llm ? { llm: { client: llm, timeoutMs: config.OPENAI_TIMEOUT_MS } } : {}) };
}

/** Embeddings that report how each question's embedding went: how many questions are searched by their words alone, and why. */
function observed(vectors: NearestPassages, observe: (outcome: 'ok' | LlmFailure) => void): NearestPassages {
  return {
    async nearest(question, limit) {
      const near = await vectors.nearest(question, limit);
      observe(near.ok ? 'ok' : near.error);
      return near;
    },
  };
}

/** Where an earlier Kompis kept the embeddings of whichever store it served from this data folder. */
const EARLIER_CACHES = ['embeddings.cache', 'embeddings-cache.json'];

/**
 * The file of one store's embeddings, named by its folder: it holds that store's passages as they
 * are now and no others, so another store served from the same data folder keeps its own.
 */
export function embeddingCacheFile(config: Pick<Config, 'dataDir' | 'knowledgeDir'>): string {
  const store = createHash('sha256').update(config.knowledgeDir).digest('hex').slice(0, 12);
  return path.join(config.dataDir, `embeddings-${store}.cache`);
}
