/**
 * What core needs from outside. Adapters live in src/llm, src/stores and src/channels; core never
 * imports them. Expected failures come back as values, not exceptions.
 */

/**
 * Why an LLM or embeddings call did not give a usable result. `unauthorized`: the server refused the
 * key (401, 403), an operator's to fix; `request_too_large`: the request was more than the model takes
 * at once (its context length, or a batch of texts).
 */
export type LlmFailure = 'timeout' | 'rate_limited' | 'invalid_response' | 'unavailable' | 'unauthorized' | 'request_too_large';

export type LlmResult<T> = { ok: true; value: T } | { ok: false; error: LlmFailure; message?: string };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A JSON schema the model's reply must follow (OpenAI structured outputs). */
export interface JsonSchemaSpec {
  name: string;
  schema: Record<string, unknown>;
}

export interface Llm {
  /** Returns the model's reply parsed as JSON (not yet validated: the caller validates it with zod). */
  completeJson(messages: ChatMessage[], schema: JsonSchemaSpec, signal?: AbortSignal): Promise<LlmResult<unknown>>;
  /** Plain text completion, for summaries. */
  completeText(messages: ChatMessage[], signal?: AbortSignal): Promise<LlmResult<string>>;
  /**
   * Plain text as the model writes it, piece by piece. A failure is the last item, not a throw: what
   * came before it may already be on a user's screen, so the caller decides what replaces it.
   */
  streamText(messages: ChatMessage[], signal?: AbortSignal): AsyncIterable<LlmChunk>;
}

/** One piece of a streamed reply, or why the stream ended early. */
export type LlmChunk = { ok: true; text: string } | { ok: false; error: LlmFailure; message?: string };

export interface Embedder {
  /** A stable name of the model, part of the cache key. */
  readonly model: string;
  /** The texts' vectors, in order; `signal` stops waiting (a question's embedding waits less than a store's). */
  embed(texts: string[], signal?: AbortSignal): Promise<LlmResult<number[][]>>;
}

/** A persistent cache of embeddings keyed by content hash, so a restart does not re-embed. */
export interface EmbeddingCache {
  get(key: string): ArrayLike<number> | undefined;
  set(key: string, vector: ArrayLike<number>): void;
  /** Forgets every vector but those of `keys`. */
  retain(keys: ReadonlySet<string>): void;
  flush(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The subset of pino's interface core uses; bindings first, message second. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
