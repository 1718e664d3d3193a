import { defaultPromptsDir } from '../../../src/core/answers/prompts';
import { loadThemesPrompt, themesWith } from '../../../src/core/pulse/themes';
import { OpenAiLlm } from '../../../src/llm/openai-llm';
import { FakeOpenAi } from '../../fakes/openai-server';
import { recordingLogger } from '../../fakes/recording-logger';

/** A round's comments, the first one a person could be known by. */
const COMMENTS = ['For mange samtaler etter hverandre på kveldsvakten, jeg vurderer å slutte.', 'Lite tid mellom samtalene.', 'Savner tilbakemelding fra teamleder.', 'Hektisk uke.', 'Bra stemning i teamet.'];
const THEMES = 'Flere i teamet opplever høyt tempo og lite tid mellom samtalene, og noen savner tilbakemelding.';

describe('the themes paragraph, through the real openai client against a local server', () => {
  const fake = new FakeOpenAi();
  let themes: ReturnType<typeof themesWith>;
  let baseURL: string;

  beforeAll(async () => {
    baseURL = await fake.start();
    themes = themesWith(new OpenAiLlm({ apiKey: 'lm-studio', baseURL, model: 'qwen3-8b', timeoutMs: 2000 }), loadThemesPrompt(defaultPromptsDir()), 2000);
  });
  afterAll(() => fake.stop());

  it('is what the model writes after its <think> block, never the reasoning, which quotes a comment word for word', async () => {
    const think = `<think>\nComment 1 says "${COMMENTS[0]}" so someone on the evening shift may be thinking of quitting. Comments 1, 2 and 4 are about workload.\n</think>\n\n`;
    fake.queue({ kind: 'raw', content: think + THEMES });
    expect(await themes(COMMENTS, 'nb')).toBe(THEMES);
  });

  it('is written when the server refuses temperature 0, and its refusal, echoing the request, puts no comment in a log line', async () => {
    const logger = recordingLogger();
    const refusing = themesWith(new OpenAiLlm({ apiKey: 'lm-studio', baseURL, model: 'o4-mini', timeoutMs: 2000, logger }), loadThemesPrompt(defaultPromptsDir()), 2000);
    const echo = `Unsupported value: 'temperature' does not support 0 with this model. Request: ${JSON.stringify(COMMENTS)}`;
    fake.queue({ kind: 'status', status: 400, body: { error: { message: echo, type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } } }, { kind: 'raw', content: THEMES });
    expect(await refusing(COMMENTS, 'nb')).toBe(THEMES);
    expect(logger.lines.map((l) => l.msg)).toEqual([expect.stringMatching(/refused temperature 0/)]);
    for (const comment of COMMENTS) expect(JSON.stringify(logger.lines)).not.toContain(comment);
  });

  it('is none when the model never closes its <think> block', async () => {
    fake.queue({ kind: 'raw', content: `<think>\nComment 1 says "${COMMENTS[0]}"` });
    expect(await themes(COMMENTS, 'nb')).toBeUndefined();
  });
});
