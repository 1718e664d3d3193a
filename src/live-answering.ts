import path from 'node:path';
import { type Answering, type AnsweringOptions, answeringTools, answeringWith, createAnswering, reportCalibration, reportKnowledge } from './answering';
import type { Config } from './config';
import type { Asker } from './core/conversation/events';
import type { LoadProblem } from './core/knowledge/document';
import { openAnsweringKnowledge, type Knowledge } from './core/knowledge/knowledge';
import { CALIBRATION_FILE, NO_DOCUMENT, SYNONYMS_FILE } from './core/knowledge/load';
import { SUGGESTIONS_FILE } from './core/knowledge/suggestions';
import { watchFolder, type FolderWatch } from './core/knowledge/watch';
import type { Logger } from './core/ports';

/** How long the knowledge folder is still before it is loaded again, and the longest a burst of changes delays that. */
export const RELOAD_QUIET_MS = 500;
export const RELOAD_MAX_WAIT_MS = 5_000;

export interface LiveAnswering {
  /** The store and answers serving now. */
  current(): Answering;
  /**
   * Answers from the store serving when a question comes: the question keeps that store to its
   * answer, however the folder changes meanwhile.
   */
  readonly answers: Asker;
  /**
   * Loads the knowledge folder again, whole, and serves from it once it loaded; one that does not
   * load leaves the store before it serving. A reload asked for while one runs follows it, once.
   */
  reload(reason: string): Promise<Reloaded>;
  /** Calls `listener` with the store serving after each reload that loaded (not the first load); returns what stops it. */
  onReloaded(listener: (answering: Answering) => void): () => void;
  /** Stops watching and what runs in the background. */
  close(): void;
}

export type Reloaded = { ok: true; answering: Answering } | { ok: false; error: string };

export interface LiveOptions extends AnsweringOptions {
  /** Reload when a file below the knowledge folder changes; without it, only when `reload` is called. */
  watch?: { quietMs?: number; maxWaitMs?: number };
}

/**
 * Answers from a knowledge folder that curators edit while Kompis runs: a document edited, added or
 * removed, and `_synonyms.yaml`, `_calibration.json` or `_suggestions.yaml`, are answered from
 * without a restart. The first load is `createAnswering`'s, and stops the start as it does.
 */
export async function createLiveAnswering(config: Config, logger: Logger, opts: LiveOptions = {}): Promise<LiveAnswering> {
  // the model, the embedder and its cache are the configuration's, not the store's: made once
  const tools = answeringTools(config, logger, opts);
  let serving = await createAnswering(config, logger, opts, tools);
  let closed = false;
  let running: Promise<Reloaded> | undefined;
  let next: Promise<Reloaded> | undefined;
  const listeners = new Set<(answering: Answering) => void>();

  const load = async (reason: string): Promise<Reloaded> => {
    // a reload asked for before close, and queued behind another, has nothing to serve
    if (closed) return { ok: false, error: 'closed' };
    const started = performance.now();
    const before = serving;
    const ms = () => Math.round(performance.now() - started);
    let knowledge: Knowledge;
    try {
      knowledge = await openAnsweringKnowledge(config.knowledgeDir);
    } catch (err) {
      if (closed) return { ok: false, error: 'closed' };
      const error = (err as Error).message;
      logger.error({ reason, ms: ms() }, `knowledge store not reloaded, the one loaded before still answers: ${error}`);
      return { ok: false, error };
    }
    // closed while the folder was read: nothing is left to serve it
    if (closed) return { ok: false, error: 'closed' };
    const lost = newlySkipped(before.knowledge, knowledge);
    if (lost.length > 0) {
      for (const p of lost) logger.error({ reason, path: p.path, field: p.field, ms: ms() }, `knowledge store not reloaded, the one loaded before still answers until this is fixed: ${p.path}: ${p.message}`);
      return { ok: false, error: lost.map((p) => `${p.path}: ${p.message}`).join('; ') };
    }
    reportKnowledge(knowledge, logger, before.knowledge);
    if (JSON.stringify(knowledge.calibration) !== JSON.stringify(before.knowledge.calibration)) reportCalibration(knowledge, logger);
    const answering = await answeringWith(knowledge, tools, config, logger, opts);
    // a store the embeddings cache holds is searched by embeddings from its first question
    await answering.embedded;
    if (closed) {
      answering.close();
      return { ok: false, error: 'closed' };
    }
    serving = answering;
    before.close();
    const size = knowledge.index.size;
    logger.info({ reason, documents: size.documents, passages: size.passages, problems: knowledge.problems.length, ms: ms() }, 'knowledge store reloaded');
    for (const listener of listeners) listener(answering);
    return { ok: true, answering };
  };

  const reload = (reason: string): Promise<Reloaded> => {
    if (!running) {
      running = load(reason).catch((err: unknown) => {
        const error = (err as Error).message;
        logger.error({ reason }, `knowledge store not reloaded, the one loaded before still answers: ${error}`);
        return { ok: false as const, error };
      });
      void running.finally(() => (running = undefined));
      return running;
    }
    // changes made while a store loads are read by one load after it, however many they are
    next ??= running.then(() => {
      next = undefined;
      return reload(reason);
    });
    return next;
  };

  let watch: FolderWatch | undefined;
  if (opts.watch) {
    watch = watchFolder(config.knowledgeDir, () => void reload('changed'), {
      quietMs: opts.watch.quietMs ?? RELOAD_QUIET_MS,
      maxWaitMs: opts.watch.maxWaitMs ?? RELOAD_MAX_WAIT_MS,
      ignore: notTheStore(config),
      onError: (err) => logger.warn({ dir: config.knowledgeDir, err: err.message }, 'the knowledge folder is not watched: edits are answered from after a restart, or kill -HUP'),
    });
  }

  return {
    current: () => serving,
    answers: {
      ask: (question, o) => serving.service.ask(question, o),
      askStream: (question, o) => serving.service.askStream(question, o),
      get streams() {
        return serving.service.streams;
      },
    },
    reload,
    onReloaded(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      closed = true;
      watch?.close();
      serving.close();
    },
  };
}

/**
 * What a store loaded again would leave out that the serving one reads: one of its documents, a
 * data file or a set of synonyms skipped for a problem the serving store did not have. A curator's broken save
 * keeps the store as it was, rather than take a document or the company's synonyms out of answers.
 */
function newlySkipped(before: Knowledge, after: Knowledge): LoadProblem[] {
  // a file the serving store did not read (a new one saved half-written, one broken before) is
  // skipped with a warning, as at a start: it must not hold up the edits saved beside it
  const served = new Set([...before.documents.map((d) => d.path), SYNONYMS_FILE, CALIBRATION_FILE, SUGGESTIONS_FILE]);
  // the same fault again is known by where it is, not by its wording (which may name another line)
  const had = new Set(before.problems.map((p) => JSON.stringify([p.path, p.field])));
  return after.problems.filter((p) => !p.published && served.has(p.path) && !had.has(JSON.stringify([p.path, p.field])));
}

/**
 * Changes below the knowledge folder that cannot change the store: files the loader never reads
 * (an editor's swap file, a figure), a repository's own folder, and the data folder when it is kept
 * inside the knowledge folder (its database changes with every question).
 */
function notTheStore(config: Pick<Config, 'knowledgeDir' | 'dataDir'>): (rel: string) => boolean {
  const data = path.relative(config.knowledgeDir, config.dataDir).split(path.sep).join('/');
  const dataInside = data !== '' && !data.startsWith('..') && !path.isAbsolute(data);
  return (rel) => {
    const parts = rel.split('/');
    if (parts.some((p) => p === '.git' || p === 'node_modules')) return true;
    if (dataInside && (rel === data || rel.startsWith(`${data}/`))) return true;
    return NO_DOCUMENT.test(parts.at(-1) ?? '');
  };
}
