import type { AnswerEvent, AnswerService } from '../../src/core/answers/service';
import { OpenAiLlm } from '../../src/llm/openai-llm';
import { FakeOpenAi, type ChatScript } from '../fakes/openai-server';
import { miniService, prompts } from '../helpers';

const PANT = 'nb/panteordning.md#hvordan-pant-på-lyspærer-fungerer';
const RØR = 'nb/panteordning.md#hva-skjer-med-innleverte-lysrør';
const QUESTION = 'Hvor mye pant er det på en sparepære, og hva skjer med lysrørene?';
/** An answer whose first and third sentences state a figure their passage does not hold (it says 5 kroner, and no number of plants). */
const WRONG_FIGURES = (pant: string, rør: string) =>
  `Det er 10 kroner i pant [${pant}]. Pantet er fem kroner [${pant}]. Kvikksølvet skilles ut på 2 anlegg [${rør}]. Kvikksølvet skilles ut [${rør}].`;
/** An answer of sentences with no marker, with a marker beside one that names no passage retrieved, with a marker after its full stop and with a group of markers. */
const WITHOUT_SOURCES = (pant: string, rør: string, none: string) =>
  `Det er 5 kroner i pant. [${pant}] Pantet gjelder også batterier. Kvikksølvet skilles ut [${rør}], og glasset blir til nye pærer [${none}]. Glasset gjenvinnes [${rør}, ${pant}]. Lysbutikken gir 10 % rabatt på nye pærer.`;

async function collect(events: AsyncIterable<AnswerEvent>): Promise<{ streamed: string[]; answer: Extract<AnswerEvent, { kind: 'answer' }>['answer'] }> {
  const streamed: string[] = [];
  for await (const e of events) {
    if (e.kind === 'text') streamed.push(e.text);
    else return { streamed, answer: e.answer };
  }
  throw new Error('the stream ended without an answer');
}

describe('answers streamed through the real openai client from a local server speaking SSE', () => {
  const fake = new FakeOpenAi();
  let baseURL: string;
  /** The passage number the streaming prompt gives each passage id, read from the prompt the fake received. */
  let n: Record<string, number>;

  const service = (timeoutMs = 2000): Promise<AnswerService> =>
    miniService({ llm: { client: new OpenAiLlm({ apiKey: 'sk-test', baseURL, model: 'test-model', timeoutMs }), prompts: prompts(), timeoutMs } });

  beforeAll(async () => {
    baseURL = await fake.start();
    fake.queue({ kind: 'stream', pieces: ['NO_ANSWER'] });
    await collect((await service()).askStream(QUESTION));
    const prompt = (fake.requests.at(-1)!.body.messages as { content: string }[])[1]!.content;
    const heading = (h: string) => Number(new RegExp(`<passage n="(\\d+)"[^>]*heading="${h}"`).exec(prompt)![1]);
    n = { [PANT]: heading('Hvordan pant på lyspærer fungerer'), [RØR]: heading('Hva skjer med innleverte lysrør') };
  });
  afterAll(() => fake.stop());

  it('streams each sentence once it is written and checked, and ends with the same text and its citations', async () => {
    fake.queue({ kind: 'stream', pieces: ['Det er 5 kro', `ner i pant [${n[PANT]}]. Kvikksølvet `, `skilles ut [${n[RØR]}].`], delayMs: 20 });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Det er 5 kroner i pant [1].', 'Kvikksølvet skilles ut [2].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'llm', text: streamed.join(' ') });
    expect(answer.citations.map((c) => [c.n, c.id])).toEqual([[1, PANT], [2, RØR]]);
    const req = fake.requests.at(-1)!;
    expect(req.body).toMatchObject({ model: 'test-model', stream: true });
    expect(req.body.response_format).toBeUndefined();
    expect((req.body.messages as { content: string }[])[0]!.content).toContain('NO_ANSWER');
  });

  it('never shows a sentence with a marker that names no retrieved passage, even beside a valid one', async () => {
    fake.queue({ kind: 'stream', pieces: [`Alt er klimanøytralt [42]. Pant er 5 kroner [${n[PANT]}][42]. Kvikksølvet skilles ut [${n[RØR]}].`] });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Kvikksølvet skilles ut [1].']);
    expect(answer.text).toBe('Kvikksølvet skilles ut [1].');
    expect(answer.citations.map((c) => c.id)).toEqual([RØR]);
  });

  it('ends in what the store says, marked as such, when no sentence has a valid citation or the model writes NO_ANSWER, and never shows NO_ANSWER', async () => {
    fake.queue(
      { kind: 'stream', pieces: ['Ja. ', 'Vi er klimanøytrale [42].'] },
      { kind: 'stream', pieces: ['NO_', 'ANSWER'] },
      { kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, 'NO_', 'ANSWER'] },
    );
    const s = await service();
    const invalid = await collect(s.askStream(QUESTION));
    expect(invalid.streamed).toEqual([]);
    expect(invalid.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: 'no_valid_citation', offerCurators: false });
    const none = await collect(s.askStream(QUESTION));
    expect(none.streamed).toEqual([]);
    expect(none.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: 'model_abstained', offerCurators: false });
    // written after a sentence, NO_ANSWER is still the model's word that the passages do not answer: the sentence streamed is replaced
    const late = await collect(s.askStream(QUESTION));
    expect(late.streamed.join(' ')).not.toContain('NO_');
    expect(late.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: 'model_abstained', offerCurators: false });
    expect(late.answer.text).not.toContain('NO_');
    for (const a of [invalid.answer, none.answer, late.answer]) {
      expect(a.citations[0]?.path).toBe('nb/panteordning.md');
      expect(a.notes[0]).toMatch(/Språkmodellen svarte ikke/);
    }
  });

  it('shows only sentences whose markers all name retrieved passages: a marker after the full stop is its sentence\'s, a group of markers is read as several', async () => {
    // in pieces of five characters, so a marker, and the space before one, come in a piece of their own
    fake.queue({ kind: 'stream', pieces: WITHOUT_SOURCES(`${n[PANT]}`, `${n[RØR]}`, '42').match(/[^]{1,5}/g)! });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Det er 5 kroner i pant. [1]', 'Glasset gjenvinnes [2][1].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'llm', text: 'Det er 5 kroner i pant. [1] Glasset gjenvinnes [2][1].' });
    expect(answer.citations.map((c) => [c.n, c.id])).toEqual([[1, PANT], [2, RØR]]);
  });

  it('never shows a sentence stating a number its passage does not hold', async () => {
    fake.queue({ kind: 'stream', pieces: WRONG_FIGURES(`${n[PANT]}`, `${n[RØR]}`).match(/[^]{1,5}/g)! });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Pantet er fem kroner [1].', 'Kvikksølvet skilles ut [2].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'llm', text: 'Pantet er fem kroner [1]. Kvikksølvet skilles ut [2].' });
  });

  it('ends an answer from the closest the store has marked as such, and offered to the curators', async () => {
    fake.queue({ kind: 'stream', pieces: ['Lysbutikken gives a warranty ', 'on LED lamps [1].'] });
    const { streamed, answer } = await collect((await service()).askStream('does the warranty cover LED lamps dropped on the floor?'));
    expect(streamed).toEqual(['Lysbutikken gives a warranty on LED lamps [1].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'llm', text: streamed.join(' '), tentative: true, offerCurators: true, why: expect.stringMatching(/^answered from the closest passage/) });
  });

  it('ends in the extractive answer when the stream breaks off', async () => {
    fake.queue({ kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, 'Kvikksølvet', ' skilles ut.'], failAfter: 2, delayMs: 50 });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Det er 5 kroner i pant [1].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'extractive_fallback' });
    expect(answer.citations[0]?.path).toBe('nb/panteordning.md');
  });

  it('ends in the extractive answer when the model stalls past its time, whether it stalls after a sentence or before any', async () => {
    // the client ends a stream its time ran out on without an error: a stalled answer is not a finished one
    fake.queue({ kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, `Kvikksølvet skilles ut [${n[RØR]}].`], delayMs: 400 });
    const cut = await collect((await service(600)).askStream(QUESTION));
    expect(cut.streamed).toEqual(['Det er 5 kroner i pant [1].']);
    expect(cut.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback' });
    fake.queue({ kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}].`], delayMs: 900 });
    const stalled = await collect((await service(600)).askStream(QUESTION));
    expect(stalled.streamed).toEqual([]);
    expect(stalled.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback' });
    expect(stalled.answer.citations[0]?.path).toBe('nb/panteordning.md');
  });

  it('ends in the extractive answer when the model stops at its length limit, mid-answer', async () => {
    fake.queue({ kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, 'Kvikksølvet skilles'], finish: 'length' });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Det er 5 kroner i pant [1].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'extractive_fallback' });
  });

  it('ends in the extractive answer when the stream ends without the model saying it finished, as when it breaks off', async () => {
    // a proxy or server that closes the response early, cleanly: no finish reason, no [DONE]
    fake.queue({ kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, 'Kvikksølvet skilles'], finish: null });
    const ended = await collect((await service()).askStream(QUESTION));
    expect(ended.streamed).toEqual(['Det er 5 kroner i pant [1].']);
    expect(ended.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback' });
    fake.queue({ kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, 'Kvikksølvet skilles'], failAfter: 1 });
    const cut = await collect((await service()).askStream(QUESTION));
    expect(cut.answer).toMatchObject({ mode: 'extractive_fallback', fallbackReason: ended.answer.fallbackReason });
  });

  // reasoning models served where the server does not split their thinking out (DeepSeek-R1 on Ollama,
  // Qwen3 on LM Studio, llama.cpp with --reasoning-format none) write it into the reply, in <think>…</think>
  // before the answer, in English, naming the passages by their numbers and restating the prompt's rules
  it('shows only what follows the model\'s <think> block, never its reasoning about the passages', async () => {
    const think =
      `<think>\nOkay, the user asks in Norwegian about the deposit on energy-saving bulbs and fluorescent tubes. ` +
      `Passage [${n[PANT]}] says the shop charges 5 kroner per bulb and per tube. ` +
      `Passage [${n[RØR]}] says the tubes go to an approved plant where the mercury is separated. ` +
      `I need to answer in Norwegian and cite both.\n</think>\n\n`;
    fake.queue({ kind: 'stream', pieces: (think + `Det er 5 kroner i pant [${n[PANT]}]. Kvikksølvet skilles ut [${n[RØR]}].`).match(/[^]{1,8}/g)! });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Det er 5 kroner i pant [1].', 'Kvikksølvet skilles ut [2].']);
    expect(answer).toMatchObject({ abstained: false, mode: 'llm', text: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].' });
  });

  it('does not take NO_ANSWER restated in the model\'s <think> block for its abstention', async () => {
    const think =
      '<think>\nThe rules say that if the passages do not answer, I must reply NO_ANSWER. ' +
      'Here they do: the first passage gives the deposit and the second says what happens to the tubes.\n</think>\n\n';
    fake.queue({ kind: 'stream', pieces: (think + `Det er 5 kroner i pant [${n[PANT]}]. Kvikksølvet skilles ut [${n[RØR]}].`).match(/[^]{1,8}/g)! });
    const { answer } = await collect((await service()).askStream(QUESTION));
    expect(answer).toMatchObject({ abstained: false, mode: 'llm', text: 'Det er 5 kroner i pant [1]. Kvikksølvet skilles ut [2].' });
  });

  it('shows nothing of a <think> block the model never closes, and ends in the extractive answer', async () => {
    fake.queue({ kind: 'stream', pieces: `<think>\nPassage [${n[PANT]}] says it is 5 kroner. Det er 5 kroner i pant [${n[PANT]}]. Kvikksølvet skilles ut [${n[RØR]}].`.match(/[^]{1,8}/g)! });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual([]);
    expect(answer).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: 'invalid_response' });
    expect(answer.citations[0]?.path).toBe('nb/panteordning.md');
  });

  it('ends in the extractive answer when a reply closes a <think> block its chat template opened, and holds the next ones until the close', async () => {
    // DeepSeek-R1 on vLLM without its reasoning parser: the template writes <think> into the prompt, the reply holds only the close
    const reasoning = `Okay, the user asks about the deposit. Passage [${n[PANT]}] says the shop charges 5 kroner per bulb.\n</think>\n\n`;
    const reply = `Det er 5 kroner i pant [${n[PANT]}]. Kvikksølvet skilles ut [${n[RØR]}].`;
    const s = await service();
    fake.queue({ kind: 'stream', pieces: (reasoning + reply).match(/[^]{1,8}/g)! }, { kind: 'stream', pieces: (reasoning + reply).match(/[^]{1,8}/g)! });
    const first = await collect(s.askStream(QUESTION));
    expect(first.answer).toMatchObject({ abstained: false, mode: 'extractive_fallback', fallbackReason: 'invalid_response' });
    expect(first.answer.text).not.toContain('Okay, the user');
    const next = await collect(s.askStream(QUESTION));
    expect(next.streamed).toEqual(['Det er 5 kroner i pant [1].', 'Kvikksølvet skilles ut [2].']);
    expect(next.answer).toMatchObject({ mode: 'llm', text: next.streamed.join(' ') });
  });

  it('never shows the reasoning a server sends apart from the reply (reasoning_content)', async () => {
    fake.queue({
      kind: 'stream',
      reasoning: [`Passage [${n[PANT]}] says 5 kroner. `, 'If the passages did not answer I would write NO_ANSWER.'],
      pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, `Kvikksølvet skilles ut [${n[RØR]}].`],
    });
    const { streamed, answer } = await collect((await service()).askStream(QUESTION));
    expect(streamed).toEqual(['Det er 5 kroner i pant [1].', 'Kvikksølvet skilles ut [2].']);
    expect(answer).toMatchObject({ mode: 'llm', text: streamed.join(' ') });
  });

  it('streams the answer asked for again without temperature once the server refuses it, and asks without it from then on', async () => {
    const s = await service();
    const refused = { error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } };
    const answer: ChatScript = { kind: 'stream', pieces: [`Det er 5 kroner i pant [${n[PANT]}]. `, `Kvikksølvet skilles ut [${n[RØR]}].`] };
    fake.queue({ kind: 'status', status: 400, body: refused }, answer, answer);
    const before = fake.requests.length;
    for (let i = 0; i < 2; i++) {
      const { streamed, answer: a } = await collect(s.askStream(QUESTION));
      expect(streamed).toEqual(['Det er 5 kroner i pant [1].', 'Kvikksølvet skilles ut [2].']);
      expect(a).toMatchObject({ mode: 'llm' });
    }
    expect(fake.requests.slice(before).map((r) => r.body.temperature)).toEqual([0, undefined, undefined]);
  });

  it('without a model, the stream is the extractive answer alone, as ask gives it', async () => {
    const plain = await miniService();
    expect(plain.streams).toBe(false);
    const { streamed, answer } = await collect(plain.askStream(QUESTION));
    expect(streamed).toEqual([]);
    expect(answer).toEqual({ ...(await plain.ask(QUESTION)), elapsedMs: answer.elapsedMs });
  });
});
