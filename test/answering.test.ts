import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAnswering } from '../src/answering';
import { loadConfig } from '../src/config';
import { FakeOpenAi } from './fakes/openai-server';
import { recordingLogger } from './fakes/recording-logger';
import { MINI } from './helpers';

const PANT = '---\ntitle: Pant\nlang: nb\n---\n## Om ordningen\nPant på flasker er 2 kroner for små flasker og 3 kroner for store.\n';

/** A store of one document with the given _calibration.json, answered as `kompis ask` answers it. */
async function answeringWith(calibration: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-calibration-'));
  fs.writeFileSync(path.join(dir, 'pant.md'), PANT);
  fs.writeFileSync(path.join(dir, '_calibration.json'), calibration);
  const logger = recordingLogger();
  const answering = await createAnswering(loadConfig({ KNOWLEDGE_DIR: dir, DATA_DIR: path.join(dir, 'data') }), logger, { extractiveOnly: true });
  const decidedBy = logger.lines.find((l) => l.msg === 'answering or abstaining by the calibrated model')?.obj;
  return { answering, decidedBy, warnings: logger.lines.filter((l) => l.level === 'warn').map((l) => `${(l.obj as { field?: string }).field}: ${l.msg}`) };
}

describe("the store's own model, _calibration.json", () => {
  it('is named at start as what decides whenever it is read, fitted or written by hand', async () => {
    const { answering, decidedBy } = await answeringWith(JSON.stringify({ weights: { coverage: 1 }, bias: -1000 }));
    expect(decidedBy).toEqual({ calibration: '_calibration.json', fittedOn: expect.stringMatching(/^not written/) });
    expect((await answering.service.ask('Hva er pant på små flasker?')).abstained).toBe(true);
  });

  it('is not read when its weights name none of the signals Kompis weighs, which would answer every question alike; names Kompis does not weigh are named', async () => {
    const strange = await answeringWith(JSON.stringify({ weights: { coverageX: 3, Coverage: 1 }, bias: 0.5 }));
    expect(strange.decidedBy).toEqual({ calibration: 'shipped default' });
    expect(strange.warnings).toContainEqual(expect.stringMatching(/^weights: knowledge file skipped: names none of the signals Kompis weighs \(coverage, .*\), only coverageX, Coverage: not read/));
    // by the shipped model, a question the store does not answer is refused
    expect((await strange.answering.service.ask('Hvor mye pant er det på vinflasker fra Italia?')).abstained).toBe(true);

    const newer = await answeringWith(JSON.stringify({ weights: { coverage: 1, sparkle: 2 }, bias: -0.2 }));
    expect(newer.decidedBy).toMatchObject({ calibration: '_calibration.json' });
    expect(newer.warnings).toContainEqual(expect.stringMatching(/^weights: .*sparkle: no signals this Kompis weighs .* so they weigh nothing/));
  });
});

describe('the language model the configuration names', () => {
  const fake = new FakeOpenAi();
  let baseURL: string;
  let dir: string;
  beforeAll(async () => {
    baseURL = await fake.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-chat-server-'));
  });
  afterAll(async () => {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is a server of your own that wants no key (Ollama, LM Studio, llama.cpp), at OPENAI_BASE_URL with OPENAI_API_KEY empty', async () => {
    const config = loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'local'), OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: '', OPENAI_MODEL: 'llama3.1:8b' });
    const answering = await createAnswering(config, recordingLogger());
    fake.queue({ kind: 'json', body: { abstain: false, answer: 'Det er 5 kroner i pant [1].', citations: [{ marker: 1, passage_id: 'nb/panteordning.md#hvordan-pant-på-lyspærer-fungerer' }] } });
    const a = await answering.service.ask('Hvor mye pant er det på en sparepære?');
    answering.close();
    expect(answering.mode.answers).toBe('llm');
    expect(a).toMatchObject({ mode: 'llm', text: 'Det er 5 kroner i pant [1].' });
    // the client insists on a key: the server is sent a placeholder, as a keyless embeddings server is
    expect(fake.requests.at(-1)).toMatchObject({ body: { model: 'llama3.1:8b' }, headers: { authorization: 'Bearer none' } });
  });

  it('is none without a key or a server of your own: answers are extractive, as they were', async () => {
    const before = fake.requests.length;
    for (const env of [{}, { OPENAI_MODEL: 'gpt-4.1-mini' }, { OPENAI_API_KEY: '' }]) {
      const answering = await createAnswering(loadConfig({ KNOWLEDGE_DIR: MINI, DATA_DIR: path.join(dir, 'none'), ...env }), recordingLogger());
      expect(answering.mode.answers).toBe('extractive');
      expect(await answering.service.ask('Hvor mye pant er det på en sparepære?')).toMatchObject({ mode: 'extractive' });
      answering.close();
    }
    expect(fake.requests.length).toBe(before);
  });
});
