import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with the next chat completion request. */
export type ChatScript =
  | { kind: 'json'; body: unknown }
  /** `reasoning`: the model's thinking in the message's `reasoning_content`, as DeepSeek's API, vLLM and llama.cpp send it apart from the reply. */
  | { kind: 'raw'; content: string; reasoning?: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang'; ms: number }
  /**
   * A streamed reply (the request asked for `stream: true`): these pieces as SSE chunks, `failAfter` of them and then the connection drops.
   * `finish: null` ends the response cleanly after the pieces, without the chunk that says why the model stopped and without `[DONE]`.
   * `reasoning`: pieces of the model's thinking sent first, each as a chunk's `reasoning_content`.
   */
  | { kind: 'stream'; pieces: string[]; delayMs?: number; failAfter?: number; finish?: 'stop' | 'length' | null; reasoning?: string[] };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A local OpenAI-compatible server: POST /v1/chat/completions answers from a script, POST
 * /v1/embeddings answers with deterministic bag-of-words vectors. Speaks the wire format the
 * official `openai` client expects, so tests drive the real client.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  private script: ChatScript[] = [];
  private server?: http.Server;
  embeddingCalls = 0;
  /** Whether /v1/embeddings ignores `encoding_format` and always sends floats, as some compatible servers do. */
  floatsOnly = false;
  /** The most texts /v1/embeddings takes in one request, as a local server limits it (TEI: 32 by default). */
  maxBatch = Infinity;
  /** The longest text /v1/embeddings takes, as a model's input is limited (TEI refuses a longer one). */
  maxLength = Infinity;
  /** How long /v1/embeddings waits before it answers, as a busy or stuck server does. */
  embeddingDelayMs = 0;
  /** How long /v1/embeddings takes for each text of a request, as a model on a CPU does. */
  embeddingMsPerText = 0;
  /** A status /v1/embeddings answers every request with, as a server down behind its proxy does (503); 0 for none. */
  embeddingStatus = 0;
  /** How many numbers each vector has: another model served under the same name may give another length. */
  dimensions = 64;
  /** Whether /v1/embeddings closes the connection without an answer, as a server that runs out of memory does. */
  embeddingDropsConnection = false;
  /**
   * How /v1/embeddings refuses a request past `maxBatch` or `maxLength`: TEI's 413 unless told; others
   * answer another status with words of their own (Ollama: 400 "the input length exceeds the context length").
   */
  refuseAs: { status: number; message: string } | undefined;
  /**
   * Texts /v1/embeddings fails a whole request for with 500, as Ollama does when its model gives one
   * of them NaN (bge-m3 on some texts: "failed to encode response: json: unsupported value: NaN").
   */
  failsOn: RegExp | undefined;
  /** While set, every request waits for it before it is answered (see `hold`). */
  private held: Promise<void> | undefined;

  /**
   * Holds every request from now until the function returned is called, as a server busy with
   * others' work does: a test does what it means to do while one is under way, with no timing.
   */
  hold(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.held = held;
    return () => {
      if (this.held === held) this.held = undefined;
      release();
    };
  }

  queue(...steps: ChatScript[]): void {
    this.script.push(...steps);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    this.requests.push({ path: req.url ?? '', headers: req.headers, body });
    if (this.held) await this.held;
    if (req.url?.endsWith('/embeddings')) return this.embeddings(body, res);
    if (!req.url?.endsWith('/chat/completions')) return send(res, 404, { error: { message: 'not found' } });
    const step = this.script.shift() ?? { kind: 'status', status: 500, body: { error: { message: 'no scripted reply' } } };
    if (body.stream === true && (step.kind === 'raw' || step.kind === 'stream')) {
      return this.stream(res, String(body.model), step.kind === 'raw' ? { kind: 'stream', pieces: [step.content], ...(step.reasoning ? { reasoning: [step.reasoning] } : {}) } : step);
    }
    switch (step.kind) {
      case 'stream':
        return send(res, 200, completion(String(body.model), step.pieces.join('')));
      case 'json':
        return send(res, 200, completion(String(body.model), JSON.stringify(step.body)));
      case 'raw':
        return send(res, 200, completion(String(body.model), step.content, step.reasoning));
      case 'status':
        return send(res, step.status, step.body ?? { error: { message: `status ${step.status}`, type: 'error' } }, step.headers);
      case 'hang':
        await new Promise((r) => setTimeout(r, step.ms).unref());
        if (!res.destroyed) send(res, 200, completion(String(body.model), '{}'));
    }
  }

  /** Server-sent events as OpenAI sends them: a `chat.completion.chunk` per piece, then `[DONE]`. */
  private async stream(res: http.ServerResponse, model: string, step: Extract<ChatScript, { kind: 'stream' }>): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const event = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-stream', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    res.write(event({ role: 'assistant', content: '' }, null));
    for (const piece of step.reasoning ?? []) res.write(event({ reasoning_content: piece }, null));
    for (const [i, piece] of step.pieces.entries()) {
      if (step.failAfter !== undefined && i >= step.failAfter) {
        res.destroy();
        return;
      }
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs).unref());
      if (res.destroyed) return;
      res.write(event({ content: piece }, null));
    }
    if (step.finish === null) return void res.end();
    res.write(event({}, step.finish ?? 'stop'));
    res.end('data: [DONE]\n\n');
  }

  private async embeddings(body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    this.embeddingCalls++;
    const input0 = Array.isArray(body.input) ? body.input.length : 1;
    const wait = this.embeddingDelayMs + this.embeddingMsPerText * input0;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait).unref());
    if (res.destroyed) return;
    if (this.embeddingDropsConnection) return void res.socket?.destroy();
    if (this.embeddingStatus) return send(res, this.embeddingStatus, { error: { message: 'Service Unavailable', type: 'server_error' } });
    const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
    const refuse = (message: string) => (this.refuseAs ? send(res, this.refuseAs.status, { error: { message: this.refuseAs.message, type: 'invalid_request_error' } }) : send(res, 413, { error: message, error_type: 'Validation' }));
    if (input.length > this.maxBatch) return refuse(`batch size ${input.length} > maximum allowed batch size ${this.maxBatch}`);
    if (input.some((t) => t.length > this.maxLength)) return refuse(`Input validation error: inputs must have less than ${this.maxLength} characters`);
    if (input.some((t) => this.failsOn?.test(t))) return send(res, 500, { error: { message: 'failed to encode response: json: unsupported value: NaN', type: 'api_error', param: null, code: null } });
    // as the API: floats by default, little-endian float32 in base64 when asked, unless the server
    // is one that ignores the format (as Ollama and LM Studio do) and always sends floats
    const base64 = body.encoding_format === 'base64' && !this.floatsOnly;
    const encode = (v: number[]) => (base64 ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v);
    send(res, 200, {
      object: 'list',
      model: body.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: encode(bagOfWords(text, this.dimensions)) })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }
}

function completion(model: string, content: string, reasoning?: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal: null, ...(reasoning ? { reasoning_content: reasoning } : {}) } }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A hashed bag of words, 64 numbers unless told: texts sharing words are near, which is all a test needs. */
export function bagOfWords(text: string, dimensions = 64): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const w of text.toLowerCase().match(/\p{L}{3,}/gu) ?? []) {
    let h = 0;
    for (const ch of w.slice(0, 6)) h = (h * 31 + ch.charCodeAt(0)) % dimensions;
    v[h]! += 1;
  }
  return v;
}
