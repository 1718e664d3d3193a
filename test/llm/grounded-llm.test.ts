import { createAnswering } from '../../src/answering';
import { loadConfig } from '../../src/config';
import { introOf } from '../../src/core/answers/answer';
import { MODEL_ANSWER_SCHEMA } from '../../src/core/answers/grounded';
import { OpenAiLlm } from '../../src/llm/openai-llm';
import { FakeOpenAi } from '../fakes/openai-server';
import { recordingLogger } from '../fakes/recording-logger';
import { MINI, miniService, prompts } from '../helpers';

const PANT = 'nb/panteordning.md#hvordan-pant-på-lyspærer-fungerer';
const RØR = 'nb/panteordning.md#hva-skjer-med-innleverte-lysrør';
const QUESTION = 'Hvor mye pant er det på en sparepære, og hva skjer med lysrørene?';
const LED = 'en/warranty.md#how-long-led-lamps-are-covered';
/** A question the store answers only from the closest passage it has: the warranty, not what a drop does to it. */
const THIN = 'does the warranty cover LED lamps dropped on the floor?';
/** An answer whose first and third sentences state a figure their passage does not hold (it says 5 kroner, and no number of plants). */
const WRONG_FIGURES = (pant: string, rør: string) =>
  `Det er 10 kroner i pant [${pant}]. Pantet er fem kroner [${pant}]. Kvikksølvet skilles ut på 2 anlegg [${rør}]. Kvikksølvet skilles ut [${rør}].`;
/** An answer of sentences with no marker, with a marker beside one that names no passage retrieved, with a marker after its full stop and with a group of markers. */
const WITHOUT_SOURCES = (pant: string, rør: string, none: string) =>
  `Det er 5 kroner i pant. [${pant}] Pantet gjelder også batterier. Kvikksølvet skilles ut [${rør}], og glasset blir til nye pærer [${none}]. Glasset gjenvinnes [${rør},${pant}]. Lysbutikken gir 10 % rabatt på nye pærer.`;

describe('answers through the real openai client against a local OpenAI-compatible server', () => {
  const fake = new FakeOpenAi();
  let baseURL: string;

  beforeAll(async () => {
    baseURL = await fake.start();
  });
  afterAll(() => fake.stop());

  const service = (timeoutMs = 2000) =>
    miniService({ llm: { client: new OpenAiLlm({ apiKey: 'sk-test', baseURL, model: 'test-model', timeoutMs }), prompts: prompts(), timeoutMs } });

  it('sends the prompt with the passages and a JSON schema, and keeps the grounded answer', async () => {
    fake.queue({ kind: 'json', body: { abstain: false, answer: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].', citations: [{ marker: 1, passage_id: PANT }, { marker: 2, passage_id: RØR }] } });
    const a = await (await service()).ask(QUESTION);
    expect(a).toMatchObject({ abstained: false, mode: 'llm', text: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].' });
    expect(a.citations.map((c) => c.id)).toEqual([PANT, RØR]);
    const req = fake.requests.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({ model: 'test-model', response_format: { type: 'json_schema', json_schema: { name: 'grounded_answer', strict: true } } });
    const messages = req.body.messages as { role: string; content: string }[];
    expect(messages[0]!.role).toBe('system');
    expect(messages[1]!.content).toContain(`<passage id="${PANT}"`);
    expect(messages[1]!.content).toContain(QUESTION);
  });

  it('drops a claim whose citation names a passage that was not retrieved, and renumbers the rest', async () => {
    fake.queue({ kind: 'json', body: { abstain: false, answer: 'Pant er 5 kroner [2]. Alt er klimanøytralt [1].', citations: [{ marker: 1, passage_id: 'made/up.md#x' }, { marker: 2, passage_id: PANT }] } });
    const a = await (await service()).ask(QUESTION);
    expect(a.text).toBe('Pant er 5 kroner [1].');
    expect(a.citations.map((c) => [c.n, c.id])).toEqual([[1, PANT]]);
  });

  it('keeps only sentences whose markers all name retrieved passages: a marker after the full stop is its sentence\'s, a group of markers is read as several', async () => {
    fake.queue({ kind: 'json', body: { abstain: false, answer: WITHOUT_SOURCES('1', '2', '9'), citations: [{ marker: 1, passage_id: PANT }, { marker: 2, passage_id: RØR }, { marker: 9, passage_id: 'made/up.md#x' }] } });
    const a = await (await service()).ask(QUESTION);
    expect(a).toMatchObject({ abstained: false, mode: 'llm', text: 'Det er 5 kroner i pant. [1] Glasset gjenvinnes [2][1].' });
    expect(a.citations.map((c) => [c.n, c.id])).toEqual([[1, PANT], [2, RØR]]);
  });

  it('drops a sentence stating a number its passage does not hold, and keeps one stating the passage\'s number in words', async () => {
    fake.queue({ kind: 'json', body: { abstain: false, answer: WRONG_FIGURES('1', '2'), citations: [{ marker: 1, passage_id: PANT }, { marker: 2, passage_id: RØR }] } });
    const a = await (await service()).ask(QUESTION);
    expect(a).toMatchObject({ abstained: false, mode: 'llm', text: 'Pantet er fem kroner [1]. Kvikksølvet skilles ut [2].' });
  });

  it.each([
    ['the model abstains', { abstain: true, answer: '', citations: [] }, 'model_abstained', /Språkmodellen svarte ikke \(den avsto\)/],
    ['no citation names a retrieved passage', { abstain: false, answer: 'Vi er klimanøytrale [1].', citations: [{ marker: 1, passage_id: 'other.md#x' }] }, 'no_valid_citation', /kunne ikke kontrolleres mot kildene/],
    ['no sentence has a marker', { abstain: false, answer: 'Pant er 5 kroner.', citations: [{ marker: 1, passage_id: PANT }] }, 'no_valid_citation', /kunne ikke kontrolleres/],
    ['every sentence states a figure its passage does not hold', { abstain: false, answer: 'Pant er 10 kroner [1].', citations: [{ marker: 1, passage_id: PANT }] }, 'no_valid_citation', /kunne ikke kontrolleres/],
  ])('answers with what the store says, marked as such and not offered to the curators, when %s', async (_name, body, reason, note) => {
    fake.queue({ kind: 'json', body });
    const s = await service();
    const a = await s.ask(QUESTION);
    expect(a).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: reason, offerCurators: false });
    expect(a.text).not.toMatch(/kunnskapsbasen/);
    expect(a.citations[0]?.path).toBe('nb/panteordning.md');
    expect(a.notes[0]).toMatch(note);
  });

  it.each([
    ['malformed JSON', { kind: 'raw', content: '{"abstain": false, "answer": "Pant er 5 kr' } as const, 'invalid_response'],
    ['JSON of the wrong shape', { kind: 'json', body: { answer: 42 } } as const, 'invalid_response'],
    ['a 429', { kind: 'status', status: 429, headers: { 'retry-after': '1' } } as const, 'rate_limited'],
    ['a 500', { kind: 'status', status: 500 } as const, 'unavailable'],
    ['a 401: a revoked key', { kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided: sk-test.', type: 'invalid_request_error', code: 'invalid_api_key' } } } as const, 'unauthorized'],
    ['a 403: a key without access to the model', { kind: 'status', status: 403, body: { error: { message: 'You are not allowed to use this model', type: 'invalid_request_error' } } } as const, 'unauthorized'],
    [
      'a 400 for a prompt longer than the model takes',
      { kind: 'status', status: 400, body: { error: { message: "This model's maximum context length is 8192 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } } } as const,
      'request_too_large',
    ],
    ['another 400', { kind: 'status', status: 400, body: { error: { message: 'Unrecognized request argument supplied: seed', type: 'invalid_request_error', code: null } } } as const, 'invalid_response'],
  ])('falls back to the extractive answer, marked as such, on %s', async (_name, step, reason) => {
    fake.queue(step);
    const a = await (await service()).ask(QUESTION);
    expect(a).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: reason });
    expect(a.citations[0]?.path).toBe('nb/panteordning.md');
    expect(a.notes[0]).toMatch(/Språkmodellen svarte ikke/);
    // the agent is told the model did not answer, never which key or setting is wrong
    expect(a.notes[0]).not.toMatch(/nøkkel|key|OPENAI/i);
  });

  it('reads the JSON answer after the model\'s <think> block, and takes an unclosed block for no answer', async () => {
    const json = JSON.stringify({ abstain: false, answer: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].', citations: [{ marker: 1, passage_id: PANT }, { marker: 2, passage_id: RØR }] });
    fake.queue(
      { kind: 'raw', content: `<think>\nThe user wants the deposit. Passage one gives it.\n</think>\n\n${json}` },
      { kind: 'raw', content: `<think>\nThe user wants the deposit. ${json}` },
      // the reasoning a server sends apart from the reply is never read
      { kind: 'raw', content: json, reasoning: 'The rules say {"abstain": true} when the passages do not answer.' },
    );
    const s = await service();
    expect(await s.ask(QUESTION)).toMatchObject({ mode: 'llm', text: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].' });
    expect(await s.ask(QUESTION)).toMatchObject({ mode: 'extractive_fallback', fallbackReason: 'invalid_response' });
    expect(await s.ask(QUESTION)).toMatchObject({ mode: 'llm', text: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].' });
  });

  it('logs a refused key once, at error level, naming the setting to check and never the key', async () => {
    const key = 'sk-revoked-3f9a1c';
    const logger = recordingLogger();
    const config = loadConfig({ KNOWLEDGE_DIR: MINI, OPENAI_API_KEY: key, OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'test-model' });
    const { service } = await createAnswering(config, logger);
    const refused = { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error', code: 'invalid_api_key' } } } as const;
    fake.queue(refused, refused);
    for (let i = 0; i < 2; i++) expect(await service.ask(QUESTION)).toMatchObject({ mode: 'extractive_fallback', fallbackReason: 'unauthorized' });
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/refused the API key: check OPENAI_API_KEY/);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.obj)).toEqual([{ reason: 'unauthorized' }, { reason: 'unauthorized' }]);
    expect(JSON.stringify(logger.lines)).not.toContain(key);
  });

  it('says in the warning why the server failed the call, in its words, cut short, never with a key', async () => {
    const key = 'sk-local-5e1f0b';
    const logger = recordingLogger();
    const s = await miniService({ logger, llm: { client: new OpenAiLlm({ apiKey: key, baseURL, model: 'llama3.1:8b', timeoutMs: 2000, logger }), prompts: prompts(), timeoutMs: 2000 } });
    fake.queue(
      // Ollama, of a model it does not have
      { kind: 'status', status: 404, body: { error: { message: 'model "llama3.1:8b" not found, try pulling it first', type: 'api_error', param: null, code: null } } },
      // a proxy that repeats the request it was sent, key and all
      { kind: 'status', status: 502, body: { error: { message: `upstream failed for Authorization: Bearer ${key} at https://user:pw@llm.example/v1?api-key=${key} ${'and more '.repeat(100)}` } } },
      // a refused key, whose message quotes it
      { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error', code: 'invalid_api_key' } } },
    );
    for (let i = 0; i < 3; i++) expect(await s.ask(QUESTION)).toMatchObject({ mode: 'extractive_fallback' });
    const warned = logger.lines.filter((l) => l.msg === 'language model failed; answering extractively').map((l) => l.obj as { reason: string; detail?: string });
    expect(warned[0]).toEqual({ reason: 'invalid_response', detail: '404 model "llama3.1:8b" not found, try pulling it first' });
    expect(warned[1]).toEqual({ reason: 'unavailable', detail: expect.stringMatching(/^502 upstream failed for Authorization: Bearer \*\*\* at https:\/\/\*\*\*@llm\.example\/v1\?api-key=\*\*\* and more .*…$/) });
    expect(warned[1]!.detail!.length).toBeLessThanOrEqual(300);
    expect(warned[2]).toEqual({ reason: 'unauthorized' });
    expect(JSON.stringify(logger.lines)).not.toContain(key);
    // a server that is not up says nothing: the connection's failure is the reason
    const down = new FakeOpenAi();
    const downURL = await down.start();
    await down.stop();
    const off = await miniService({ logger, llm: { client: new OpenAiLlm({ baseURL: downURL, model: 'llama3.1:8b', timeoutMs: 2000, logger }), prompts: prompts(), timeoutMs: 2000 } });
    expect(await off.ask(QUESTION)).toMatchObject({ mode: 'extractive_fallback', fallbackReason: 'unavailable' });
    expect(logger.lines.at(-1)?.obj).toEqual({ reason: 'unavailable', detail: expect.stringMatching(/^Connection error\. \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/) });
  });

  it.each([
    ['gpt-5 and the o-series', { error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } }],
    ['a proxy that passes on only the message', { error: { message: "Unsupported parameter: 'temperature' is not supported with this model.", type: 'invalid_request_error' } }],
  ])('asks again without temperature once the server refuses it (%s), and so from then on, saying so once', async (_name, body) => {
    const logger = recordingLogger();
    const s = await miniService({ logger, llm: { client: new OpenAiLlm({ apiKey: 'sk-test', baseURL, model: 'gpt-5-mini', timeoutMs: 2000, logger }), prompts: prompts(), timeoutMs: 2000 } });
    const answer = { kind: 'json', body: { abstain: false, answer: 'Det er 5 kroner i pant [1].', citations: [{ marker: 1, passage_id: PANT }] } } as const;
    fake.queue({ kind: 'status', status: 400, body }, answer, answer);
    const before = fake.requests.length;
    for (let i = 0; i < 2; i++) expect(await s.ask(QUESTION)).toMatchObject({ mode: 'llm', text: 'Det er 5 kroner i pant [1].' });
    expect(fake.requests.slice(before).map((r) => r.body.temperature)).toEqual([0, undefined, undefined]);
    const said = logger.lines.filter((l) => l.level !== 'debug');
    expect(said).toEqual([{ level: 'warn', obj: { param: 'temperature' }, msg: expect.stringMatching(/^the language model's server refused temperature 0: asking without it from now on/) }]);
  });

  it.each([
    ['llama.cpp', { error: { code: 400, message: 'Either "json_schema" or "grammar" can be specified, but not both', type: 'invalid_request_error' } }],
    ['OpenAI or Azure, of a model without structured outputs', { error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: 'invalid_request_error', param: 'response_format', code: null } }],
    ['LM Studio', { error: "'response_format.json_schema.schema' must be an object" }],
  ])('asks for the JSON in the prompt once the server refuses the schema as response_format (%s), and so from then on, saying so once', async (_name, body) => {
    const logger = recordingLogger();
    const s = await miniService({ logger, llm: { client: new OpenAiLlm({ apiKey: 'sk-test', baseURL, model: 'm', timeoutMs: 2000, logger }), prompts: prompts(), timeoutMs: 2000 } });
    const answer = { kind: 'json', body: { abstain: false, answer: 'Det er 5 kroner i pant [1].', citations: [{ marker: 1, passage_id: PANT }] } } as const;
    fake.queue({ kind: 'status', status: 400, body }, answer, answer);
    const before = fake.requests.length;
    for (let i = 0; i < 2; i++) expect(await s.ask(QUESTION)).toMatchObject({ mode: 'llm', text: 'Det er 5 kroner i pant [1].' });
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => (r.body.response_format as { type?: string } | undefined)?.type)).toEqual(['json_schema', undefined, undefined]);
    // the schema the server would not take is in the system prompt, which stays the first message
    const system = (r: (typeof sent)[number]) => (r.body.messages as { role: string; content: string }[])[0]!;
    expect(system(sent[0]!).content).not.toContain(JSON.stringify(MODEL_ANSWER_SCHEMA.schema));
    expect(system(sent[1]!)).toMatchObject({ role: 'system', content: expect.stringContaining(JSON.stringify(MODEL_ANSWER_SCHEMA.schema)) });
    expect(system(sent[1]!).content.startsWith(system(sent[0]!).content)).toBe(true);
    const said = logger.lines.filter((l) => l.level !== 'debug');
    expect(said).toEqual([{ level: 'warn', obj: { param: 'response_format' }, msg: expect.stringMatching(/^the language model's server refused the answer's JSON schema as response_format: asking for the JSON in the prompt from now on/) }]);
  });

  // as a model writes JSON where the server does not hold it to the schema: llama.cpp's server taking
  // json_schema without enforcing it, a schema asked for in the prompt
  it.each([
    ['in a ```json fence', (json: string) => '```json\n' + json + '\n```'],
    ['in a fence that names no language, after a line of its own', (json: string) => 'Here is the answer:\n```\n' + json + '\n```'],
    ['with words before and after it', (json: string) => `Svaret er:\n${json}\nJeg håper dette hjelper.`],
  ])('reads the JSON answer the model wrote %s', async (_name, wrap) => {
    const json = JSON.stringify({ abstain: false, answer: 'Det er 5 kroner i pant [1].', citations: [{ marker: 1, passage_id: PANT }] }, null, 2);
    fake.queue({ kind: 'raw', content: wrap(json) });
    expect(await (await service()).ask(QUESTION)).toMatchObject({ mode: 'llm', text: 'Det er 5 kroner i pant [1].' });
  });

  it('takes a reply of two JSON objects, or none, for no answer', async () => {
    const json = JSON.stringify({ abstain: false, answer: 'Det er 5 kroner i pant [1].', citations: [{ marker: 1, passage_id: PANT }] });
    fake.queue({ kind: 'raw', content: `${json}\n${json}` }, { kind: 'raw', content: 'Det er 5 kroner i pant [1].' });
    const s = await service();
    for (let i = 0; i < 2; i++) expect(await s.ask(QUESTION)).toMatchObject({ mode: 'extractive_fallback', fallbackReason: 'invalid_response' });
  });

  it('does not ask again a server that refuses the prompt, or a parameter Kompis cannot leave out', async () => {
    fake.queue(
      { kind: 'status', status: 400, body: { error: { message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", type: null, param: 'prompt', code: 'content_filter' } } },
      { kind: 'status', status: 400, body: { error: { message: "Invalid value for 'temperature' in messages[1].content", type: 'invalid_request_error', param: 'messages', code: null } } },
    );
    const before = fake.requests.length;
    const s = await service();
    for (let i = 0; i < 2; i++) expect(await s.ask(QUESTION)).toMatchObject({ mode: 'extractive_fallback', fallbackReason: 'invalid_response' });
    expect(fake.requests.slice(before).map((r) => r.body.temperature)).toEqual([0, 0]);
  });

  it('falls back on a timeout without waiting for the model', async () => {
    fake.queue({ kind: 'hang', ms: 3000 });
    const started = Date.now();
    const a = await (await service(300)).ask(QUESTION);
    expect(a).toMatchObject({ mode: 'extractive_fallback', fallbackReason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('keeps an answer from the closest the store has marked as such, and offered to the curators, when the model writes it', async () => {
    const quoted = await (await miniService()).ask(THIN);
    expect(quoted).toMatchObject({ mode: 'extractive', tentative: true, offerCurators: true });
    fake.queue({ kind: 'json', body: { abstain: false, answer: 'Every LED lamp has a five-year warranty [1].', citations: [{ marker: 1, passage_id: LED }] } });
    const written = await (await service()).ask(THIN);
    expect(written).toMatchObject({ abstained: false, mode: 'llm', text: 'Every LED lamp has a five-year warranty [1].', tentative: true, offerCurators: true, why: quoted.why });
    expect(introOf(written)).toBe('This is the closest the knowledge store has. Check that it answers the question before you use it:');
    // a sure answer from the model opens with no such line, and is not offered
    fake.queue({ kind: 'json', body: { abstain: false, answer: 'LED lamps have a five-year warranty [1].', citations: [{ marker: 1, passage_id: LED }] } });
    const sure = await (await service()).ask('How long is the warranty on LED lamps?');
    expect(sure).toMatchObject({ mode: 'llm', offerCurators: false });
    expect(sure.tentative).toBeUndefined();
    expect(introOf(sure)).toBeUndefined();
  });

  it('never calls the model when the evidence is weak', async () => {
    const before = fake.requests.length;
    const a = await (await service()).ask('Hvem vinner Eliteserien i år?');
    expect(a.abstained).toBe(true);
    expect(fake.requests.length).toBe(before);
  });
});
