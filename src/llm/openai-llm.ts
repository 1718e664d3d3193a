import OpenAI from 'openai';
import type { ChatMessage, Embedder, JsonSchemaSpec, Llm, LlmChunk, LlmFailure, LlmResult, Logger } from '../core/ports';
import { jsonIn } from './json-reply';
import { AfterReasoning, replyAfterReasoning } from './reasoning';
import { refuses, serverReason } from './server-errors';

export interface OpenAiOptions {
  /** None for a server of one's own that wants none (Ollama, LM Studio, llama.cpp). */
  apiKey?: string;
  baseURL?: string;
  model: string;
  embeddingsModel?: string;
  timeoutMs: number;
  /**
   * Where a refused key is reported, at error level, and a parameter the server refused and is no
   * longer sent, as a warning; each answer's own warning gives its reason.
   */
  logger?: Logger;
}

/** OpenAI, Azure OpenAI's v1 endpoint or any OpenAI-compatible server, behind the Llm and Embedder ports. */
export class OpenAiLlm implements Llm {
  readonly client: OpenAI;
  private readonly keyRefused: (err: unknown) => void;
  /** What requests carry until the server refuses it: each refused is left out from then on (see `sent`). */
  private readonly takes: Record<Refusable, boolean> = { temperature: true, response_format: true };
  /** The server's replies start inside a reasoning block whose open the chat template wrote (see `AfterReasoning`): learnt from the first that shows it. */
  private opensInPrompt = false;

  constructor(private readonly opts: OpenAiOptions) {
    // one retry at most: a slow model is answered extractively rather than waited for. A server that
    // wants no key is sent a placeholder, as the client insists on one (see OpenAiEmbedder)
    this.client = new OpenAI({ apiKey: opts.apiKey ?? 'none', ...(opts.baseURL ? { baseURL: opts.baseURL } : {}), timeout: opts.timeoutMs, maxRetries: 0 });
    this.keyRefused = keyRefusedReport(opts.logger, `the language model's server refused the API key: check OPENAI_API_KEY, and that it may use the model ${opts.model}; until then questions are answered extractively`);
  }

  async completeJson(messages: ChatMessage[], schema: JsonSchemaSpec, signal?: AbortSignal): Promise<LlmResult<unknown>> {
    const reply = await this.chat(messages, signal, schema);
    if (!reply.ok) return reply;
    const json = jsonIn(reply.value);
    return json ? { ok: true, value: json.value } : { ok: false, error: 'invalid_response', message: 'the model did not reply with JSON' };
  }

  completeText(messages: ChatMessage[], signal?: AbortSignal): Promise<LlmResult<string>> {
    return this.chat(messages, signal);
  }

  /**
   * The model's answer as it is written, after its reasoning (see `AfterReasoning`: nothing of a
   * <think> block is passed on, nor anything before it has closed). One that did not end as the
   * model finished it is a failure, not a shorter answer: the client ends a stream its time ran out
   * on without an error, a model at its length limit stops mid-sentence, and a server or proxy that
   * closes the response early, cleanly, ends it with no reason at all.
   */
  async *streamText(messages: ChatMessage[], signal?: AbortSignal): AsyncIterable<LlmChunk> {
    try {
      const stream = await this.sent(['temperature'], (takes) => this.client.chat.completions.create({ model: this.opts.model, messages, ...(takes.temperature ? { temperature: 0 } : {}), stream: true }, signal ? { signal } : {}));
      const reply = new AfterReasoning(this.opensInPrompt);
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        const text = reply.push(chunk.choices[0]?.delta?.content ?? '');
        // what was streamed was reasoning: this answer is replaced, and the next ones held until the close
        if (reply.closedAlone) {
          this.opensInPrompt = true;
          this.opts.logger?.warn({}, REASONING_OPENED_IN_PROMPT);
          yield { ok: false, error: 'invalid_response', message: REASONING_OPENED_IN_PROMPT };
          return;
        }
        if (text) yield { ok: true, text };
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      const rest = reply.end();
      if (signal?.aborted) yield { ok: false, error: 'timeout', message: 'the model did not finish its answer in time' };
      else if (finish === 'length' || finish === 'content_filter') yield { ok: false, error: 'invalid_response', message: `the model stopped before the end of its answer (${finish})` };
      // as a stream that breaks off: the connection ended before the model did
      else if (!FINISHED.has(finish ?? '')) yield { ok: false, error: 'unavailable', message: `the stream ended before the model finished its answer (finish reason: ${finish ?? 'none'})` };
      else if (rest === undefined) yield { ok: false, error: 'invalid_response', message: NO_REPLY_AFTER_REASONING };
      else if (rest) yield { ok: true, text: rest };
    } catch (err) {
      yield this.failure(err);
    }
  }

  /**
   * The model's whole reply, after its reasoning. `schema`: the JSON it is to follow, sent as the
   * response format (structured outputs), or written into the system prompt where the server
   * refuses it there (see `sent`).
   */
  private async chat(messages: ChatMessage[], signal?: AbortSignal, schema?: JsonSchemaSpec): Promise<LlmResult<string>> {
    try {
      const completion = await this.sent(schema ? ['temperature', 'response_format'] : ['temperature'], (takes) =>
        this.client.chat.completions.create(
          {
            model: this.opts.model,
            messages: schema && !takes.response_format ? withSchemaInPrompt(messages, schema) : messages,
            ...(takes.temperature ? { temperature: 0 } : {}),
            ...(schema && takes.response_format ? { response_format: { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema, strict: true } } } : {}),
          },
          signal ? { signal } : {},
        ),
      );
      const content = completion.choices[0]?.message?.content;
      const reply = typeof content === 'string' ? replyAfterReasoning(content) : '';
      if (reply === undefined) return { ok: false, error: 'invalid_response', message: NO_REPLY_AFTER_REASONING };
      if (reply.length === 0) return { ok: false, error: 'invalid_response', message: 'empty reply' };
      return { ok: true, value: reply };
    } catch (err) {
      return this.failure(err);
    }
  }

  /**
   * A request, sent again without a parameter of `uses` the server refuses (see `refuses`), and
   * without it from then on, with one warning: gpt-5 and the o-series take no temperature but their
   * default, llama.cpp's server may refuse a JSON schema as the response format, and every call
   * would fail alike. Each parameter is left out once at most, so a request is sent at most once
   * more than it uses such parameters.
   */
  private async sent<T>(uses: Refusable[], request: (takes: Record<Refusable, boolean>) => Promise<T>): Promise<T> {
    for (;;) {
      const asked = { ...this.takes };
      try {
        return await request(asked);
      } catch (err) {
        const refused = uses.find((p) => asked[p] && refuses(err, p, LEFT_OUT[p].named));
        if (!refused) throw err;
        // of requests refused together, the first to come back says so; not in the server's words,
        // which may echo the request (the themes paragraph's request holds the pulse comments)
        if (this.takes[refused]) this.opts.logger?.warn({ param: refused }, LEFT_OUT[refused].message);
        this.takes[refused] = false;
      }
    }
  }

  /** A call that failed, with the server's reason for the log (see `serverReason`: never a key). */
  private failure(err: unknown): { ok: false; error: LlmFailure; message?: string } {
    this.keyRefused(err);
    const reason = serverReason(err, this.opts.apiKey);
    return { ok: false, error: classify(err), ...(reason ? { message: reason } : {}) };
  }
}

/** Parameters Kompis can do without, where a server refuses them. */
type Refusable = 'temperature' | 'response_format';
/**
 * How a server names each in a refusal that does not say which parameter it refuses (llama.cpp:
 * 'Either "json_schema" or "grammar" can be specified, but not both'), and what the operator is told.
 */
const LEFT_OUT: Record<Refusable, { named: RegExp; message: string }> = {
  temperature: { named: /\btemperature\b/i, message: "the language model's server refused temperature 0: asking without it from now on, at the model's own default" },
  response_format: {
    named: /response_format|json[_ ]?schema/i,
    message: "the language model's server refused the answer's JSON schema as response_format: asking for the JSON in the prompt from now on, which a model may follow less closely",
  },
};

/**
 * The messages with the JSON schema written at the end of the system prompt, for a server that will
 * not take it as the response format. The system prompt stays the first message: some models' chat
 * templates refuse one anywhere else.
 */
function withSchemaInPrompt(messages: ChatMessage[], schema: JsonSchemaSpec): ChatMessage[] {
  const rule = `Reply with one JSON object and nothing else, following this JSON schema:\n${JSON.stringify(schema.schema)}`;
  const at = messages.findIndex((m) => m.role === 'system');
  if (at < 0) return [{ role: 'system', content: rule }, ...messages];
  return messages.map((m, i) => (i === at ? { ...m, content: `${m.content}\n\n${rule}` } : m));
}

const NO_REPLY_AFTER_REASONING = 'the model wrote only its reasoning: its <think> block never closed';
const REASONING_OPENED_IN_PROMPT =
  "the model's reply ended a reasoning block its chat template opened in the prompt (a server that does not split reasoning out, e.g. vLLM without --reasoning-parser): this answer is the extractive one, and streamed answers are held until the block closes from now on";

/** How a model says it ended its answer itself: 'stop', and the names Hugging Face TGI used for it before it spoke as OpenAI does. */
const FINISHED = new Set(['stop', 'eos_token', 'stop_sequence']);

/**
 * Embeddings from OpenAI or any OpenAI-compatible server (Ollama, Hugging Face TEI, vLLM): its own
 * endpoint and key, so a company can embed on a local model while chat goes to Azure OpenAI.
 */
export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly keyRefused: (err: unknown) => void;
  private readonly apiKey: string | undefined;

  /** `keyVariable`: the setting whose key this server is sent, named in the error a refused key logs. */
  constructor(opts: { apiKey?: string; baseURL?: string; model: string; timeoutMs: number; logger?: Logger; keyVariable?: string }) {
    this.model = opts.model;
    this.timeoutMs = opts.timeoutMs;
    this.apiKey = opts.apiKey;
    // a local server usually wants no key, but the client insists on one; the client tries nothing
    // twice, since it would wait for a server that hangs twice (see embed)
    this.client = new OpenAI({ apiKey: opts.apiKey ?? 'none', ...(opts.baseURL ? { baseURL: opts.baseURL } : {}), timeout: opts.timeoutMs, maxRetries: 0 });
    this.keyRefused = keyRefusedReport(opts.logger, `the embeddings server refused the API key: check ${opts.keyVariable ?? 'EMBEDDINGS_API_KEY'}, and that it may use the model ${opts.model}; until then questions are searched by their words alone`);
  }

  /**
   * The texts' vectors. A batch of the store's (no `signal`) that the server dropped or limited the
   * rate of is tried once more, after the wait it asks for; one it did not answer in time is not, nor
   * one that must come quickly (a question's).
   */
  async embed(texts: string[], signal?: AbortSignal): Promise<LlmResult<number[][]>> {
    const first = await this.request(texts, signal);
    if (signal || first.result.ok || (first.result.error !== 'unavailable' && first.result.error !== 'rate_limited')) return first.result;
    await new Promise((resolve) => setTimeout(resolve, first.retryInMs));
    return (await this.request(texts)).result;
  }

  private async request(texts: string[], signal?: AbortSignal): Promise<{ result: LlmResult<number[][]>; retryInMs: number }> {
    try {
      // floats as the API's default: the client otherwise asks for base64 and decodes whatever comes
      // back as base64, and servers that ignore the format (Ollama, LM Studio) send floats, which it
      // reads as a quarter as many numbers of nonsense
      // the time is kept by a signal, a question's or the store's: the client reports its own timeout
      // as a connection error where fetch's abort is not an Error of the client's realm (as under a
      // test runner), and a server that hangs must not be taken for one that dropped the batch
      const res = await this.client.embeddings.create({ model: this.model, input: texts, encoding_format: 'float' }, { signal: signal ?? AbortSignal.timeout(this.timeoutMs) });
      const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      const dims = vectors[0]?.length ?? 0;
      if (vectors.length !== texts.length || dims === 0 || vectors.some((v) => !Array.isArray(v) || v.length !== dims || !v.every(Number.isFinite))) {
        return { result: { ok: false, error: 'invalid_response', message: 'embeddings reply does not match the input: one vector of numbers, of one length, a text' }, retryInMs: 0 };
      }
      return { result: { ok: true, value: vectors }, retryInMs: 0 };
    } catch (err) {
      this.keyRefused(err);
      const reason = serverReason(err, this.apiKey);
      return { result: { ok: false, error: classify(err), ...(reason ? { message: reason } : {}) }, retryInMs: retryAfterMs(err) };
    }
  }
}

/** The openai client's error classes, mapped to the failures core branches on. */
export function classify(err: unknown): LlmFailure {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (err instanceof OpenAI.APIUserAbortError) return 'timeout';
  if (err instanceof OpenAI.RateLimitError) return 'rate_limited';
  if (refusedKey(err)) return 'unauthorized';
  if (err instanceof OpenAI.APIError && (err.status === 413 || tooLong(err))) return 'request_too_large';
  if (err instanceof OpenAI.APIError && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 408) return 'invalid_response';
  if (err instanceof Error && err.name === 'AbortError') return 'timeout';
  return 'unavailable';
}

/**
 * What servers say of a request past what their model takes, where they do not answer 413 as TEI
 * does: OpenAI names it by its code, vLLM copies OpenAI's message ("maximum context length"), Ollama
 * says "the input length exceeds the context length" (400 or 500), llama.cpp "input is too large to
 * process" or "the request exceeds the available context size" (500, 400).
 */
const TOO_LONG = /context length|context size|too large to process/i;

function tooLong(err: InstanceType<typeof OpenAI.APIError>): boolean {
  return err.status !== undefined && err.status >= 400 && err.status <= 500 && (err.code === 'context_length_exceeded' || TOO_LONG.test(err.message));
}

/**
 * How long a server asks to be let be, at most 10 s: its `retry-after-ms`, or its Retry-After in
 * seconds or as a date; with neither (or one that cannot be read), half a second, as the openai
 * client waits before it tries again.
 */
export function retryAfterMs(err: unknown, now = Date.now()): number {
  const headers = err instanceof OpenAI.APIError ? err.headers : undefined;
  const ms = waitOf(headers?.get('retry-after-ms'), 1) ?? waitOf(headers?.get('retry-after'), 1000) ?? dateWait(headers?.get('retry-after'), now);
  return ms === undefined ? RETRY_DEFAULT_MS : Math.min(ms, RETRY_LONGEST_MS);
}

const RETRY_DEFAULT_MS = 500;
const RETRY_LONGEST_MS = 10_000;

/** A header's number in its unit, as milliseconds; undefined when it is absent or no number. */
function waitOf(value: string | null | undefined, unitMs: number): number | undefined {
  if (value === null || value === undefined || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value) * unitMs;
}

/** Retry-After written as an HTTP date ("Sun, 06 Dec 2026 12:00:03 GMT"): the time until it, none when it has passed. */
function dateWait(value: string | null | undefined, now: number): number | undefined {
  const at = value && /\p{L}/u.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function refusedKey(err: unknown): boolean {
  return err instanceof OpenAI.APIError && (err.status === 401 || err.status === 403);
}

/** How often a refused key is logged again while it stays refused: enough to be seen, not one line a question. */
const KEY_REFUSED_EVERY_MS = 60_000;

/**
 * A report of a refused key, at error level, at most once a minute: a revoked or mistyped key fails
 * every call until an operator changes it. It says which setting to check; never the key, nor the
 * server's message, which quotes part of it.
 */
function keyRefusedReport(logger: Logger | undefined, message: string): (err: unknown) => void {
  let last = -Infinity;
  return (err) => {
    if (!logger || !refusedKey(err) || Date.now() - last < KEY_REFUSED_EVERY_MS) return;
    last = Date.now();
    logger.error({ status: (err as InstanceType<typeof OpenAI.APIError>).status }, message);
  };
}
