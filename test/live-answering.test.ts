import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createLiveAnswering, type LiveAnswering, type LiveOptions } from '../src/live-answering';
import { FakeOpenAi } from './fakes/openai-server';
import { recordingLogger } from './fakes/recording-logger';

const doc = (price: string) => `---\ntitle: Pant\nlang: nb\n---\n## Pant på flasker\nPanten på en liten flaske er ${price} kroner, og panten på en stor flaske er 3 kroner.\n`;
const BIKE = '---\ntitle: Sykkelparkering\nlang: nb\n---\n## Sykkelparkering\nAlle våre kontorer har innendørs sykkelparkering med lading for elsykkel.\n';
const PANT_Q = 'Hvor mye er panten på en liten flaske?';

/** A knowledge folder in a fresh temporary directory, with its data folder inside it (as a trial setup keeps it). */
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-reload-'));
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

function write(dir: string, name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

const reloads = (logger: ReturnType<typeof recordingLogger>) => logger.lines.filter((l) => l.msg === 'knowledge store reloaded');
const refusals = (logger: ReturnType<typeof recordingLogger>) => logger.lines.filter((l) => l.msg?.startsWith('knowledge store not reloaded'));

async function until(check: () => boolean, withinMs = 10_000): Promise<void> {
  const end = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const opened: LiveAnswering[] = [];
afterEach(() => {
  for (const live of opened.splice(0)) live.close();
});

async function live(dir: string, watch?: { quietMs: number; maxWaitMs: number }, more: { env?: Record<string, string>; opts?: LiveOptions } = {}) {
  const logger = recordingLogger();
  const config = loadConfig({ KNOWLEDGE_DIR: dir, DATA_DIR: path.join(dir, 'data'), ...more.env });
  const answering = await createLiveAnswering(config, logger, { extractiveOnly: true, ...(watch ? { watch } : {}), ...more.opts });
  opened.push(answering);
  return { answering, logger };
}

describe('a knowledge folder edited while Kompis runs', () => {
  it('is answered from as saved, once it has loaded, with one log line of counts and time', async () => {
    const dir = folder({ 'nb/pant.md': doc('2') });
    const { answering, logger } = await live(dir, { quietMs: 100, maxWaitMs: 1_000 });
    expect((await answering.answers.ask(PANT_Q)).text).toContain('2 kroner');
    write(dir, 'nb/pant.md', doc('4'));
    await until(() => reloads(logger).length === 1);
    expect((await answering.answers.ask(PANT_Q)).text).toContain('4 kroner');
    expect(reloads(logger)[0]!.obj).toEqual({ reason: 'changed', documents: 1, passages: 1, problems: 0, ms: expect.any(Number) });

    // a document added, then the first removed
    write(dir, 'nb/sykkel.md', BIKE);
    await until(() => reloads(logger).length === 2);
    expect(answering.current().knowledge.index.size.documents).toBe(2);
    fs.rmSync(path.join(dir, 'nb/pant.md'));
    await until(() => reloads(logger).length === 3);
    expect(answering.current().knowledge.documents.map((d) => d.path)).toEqual(['nb/sykkel.md']);
    expect((await answering.answers.ask(PANT_Q)).abstained).toBe(true);
  });

  it('keeps the store serving when what is saved would not load, names the file at fault, and loads it once fixed', async () => {
    const dir = folder({ 'nb/sykkel.md': BIKE, 'nb/pant.md': doc('2'), '_synonyms.yaml': 'sets:\n  - [velocipede, sykkelparkering]\n' });
    const { answering, logger } = await live(dir, { quietMs: 100, maxWaitMs: 1_000 });
    const before = answering.current();
    expect(before.knowledge.synonyms).toEqual([['velocipede', 'sykkelparkering']]);

    write(dir, '_synonyms.yaml', 'sets:\n  - [velocipede, sykkelparkering\n');
    await until(() => refusals(logger).length === 1);
    expect(answering.current()).toBe(before);
    expect(refusals(logger)[0]).toMatchObject({ level: 'error', obj: { reason: 'changed', path: '_synonyms.yaml', field: '(file)' } });
    expect(refusals(logger)[0]!.msg).toMatch(/^knowledge store not reloaded, the one loaded before still answers until this is fixed: _synonyms.yaml: cannot be read: /);
    expect((await answering.answers.ask('Hvor er velocipede?')).abstained).toBe(false);

    // a document whose front matter breaks keeps its earlier text answering
    write(dir, '_synonyms.yaml', 'sets:\n  - [velocipede, sykkelparkering]\n  - [elsykkel, e-bike]\n');
    await until(() => reloads(logger).length === 1);
    expect(answering.current().knowledge.synonyms).toHaveLength(2);
    write(dir, 'nb/sykkel.md', '---\ntitle: [Sykkel\nlang: nb\n---\n## Sykkel\nNy tekst.\n');
    await until(() => refusals(logger).length === 2);
    expect(refusals(logger)[1]!.obj).toMatchObject({ path: 'nb/sykkel.md' });
    expect(answering.current().knowledge.documents.find((d) => d.path === 'nb/sykkel.md')!.passages[0]!.text).toContain('innendørs');

    // a folder emptied keeps the store too
    fs.rmSync(path.join(dir, 'nb'), { recursive: true });
    await until(() => refusals(logger).length === 3);
    expect(refusals(logger)[2]!.msg).toMatch(/holds no documents/);
    expect(answering.current().knowledge.index.size.documents).toBe(2);
  });

  it('skips a new file that does not load, with a warning, and answers from the edits saved beside it', async () => {
    const dir = folder({ 'nb/pant.md': doc('2') });
    const { answering, logger } = await live(dir);
    // a file the serving store never read, saved half-written, and an edit beside it
    write(dir, 'nb/ny.md', '---\ntitle: [Ny\nlang: nb\n---\n## Ny\nTekst.\n');
    write(dir, 'nb/pant.md', doc('4'));
    expect(await answering.reload('SIGHUP')).toMatchObject({ ok: true });
    expect((await answering.answers.ask(PANT_Q)).text).toContain('4 kroner');
    expect(answering.current().knowledge.problems).toEqual([expect.objectContaining({ path: 'nb/ny.md' })]);
    // still broken, now on another line: the same fault, no reason to keep the edit after it out
    write(dir, 'nb/ny.md', '---\ntitle: Ny\nlang: nb\ntags: [a\n---\n## Ny\nTekst.\n');
    write(dir, 'nb/pant.md', doc('5'));
    expect(await answering.reload('SIGHUP')).toMatchObject({ ok: true });
    expect((await answering.answers.ask(PANT_Q)).text).toContain('5 kroner');
    expect(refusals(logger)).toHaveLength(0);
  });

  it('loads nothing after it is closed, not even a reload asked for before', async () => {
    const dir = folder({ 'nb/pant.md': doc('2') });
    const { answering, logger } = await live(dir);
    const running = answering.reload('SIGHUP');
    const queued = answering.reload('SIGHUP');
    answering.close();
    fs.rmSync(path.join(dir, 'nb'), { recursive: true });
    expect(await running).toEqual({ ok: false, error: 'closed' });
    expect(await queued).toEqual({ ok: false, error: 'closed' });
    expect(refusals(logger)).toHaveLength(0);
  });

  it('loads a burst of changes once', async () => {
    const dir = folder({ 'nb/sykkel.md': BIKE });
    const { answering, logger } = await live(dir, { quietMs: 300, maxWaitMs: 5_000 });
    for (let i = 0; i < 20; i++) {
      write(dir, `nb/pant-${i}.md`, doc(String(i)));
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => reloads(logger).length === 1);
    await new Promise((r) => setTimeout(r, 600));
    expect(reloads(logger)).toHaveLength(1);
    expect(answering.current().knowledge.index.size.documents).toBe(21);
  });

  it('loads a change saved while it loads once after it, and answers from it', async () => {
    const embeddings = new FakeOpenAi();
    const baseURL = await embeddings.start();
    try {
      const dir = folder({ 'nb/pant.md': doc('2') });
      // reloads asked for as kill -HUP asks them: the watch asks when it sees the save, which may be after the load it should follow
      const { answering, logger } = await live(dir, undefined, { env: { EMBEDDINGS_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'bge-m3', OPENAI_TIMEOUT_MS: '60000' }, opts: { embedInBackground: true } });
      await answering.current().embedded;
      // a load holds until the passages it read are embedded: the server holds them while the test saves again
      const release = embeddings.hold();
      write(dir, 'nb/pant.md', doc('4'));
      const loading = answering.reload('SIGHUP');
      const embedding = (price: string) => embeddings.requests.some((r) => r.path.endsWith('/embeddings') && JSON.stringify(r.body.input).includes(`${price} kroner`));
      await until(() => embedding('4'));
      write(dir, 'nb/pant.md', doc('5'));
      const again = answering.reload('SIGHUP');
      const andAgain = answering.reload('SIGHUP');
      release();

      const [first, second, third] = await Promise.all([loading, again, andAgain]);
      expect(first).toMatchObject({ ok: true });
      expect(second).toMatchObject({ ok: true });
      expect(third).toBe(second);
      // the load under way read the folder before the save, and served what it read; one more load read the save
      if (!first.ok || !second.ok) throw new Error('not loaded');
      expect((await first.answering.service.ask(PANT_Q)).text).toContain('4 kroner');
      expect(second.answering).toBe(answering.current());
      expect((await answering.answers.ask(PANT_Q)).text).toContain('5 kroner');
      expect(reloads(logger)).toHaveLength(2);
      expect(embedding('5')).toBe(true);
    } finally {
      await embeddings.stop();
    }
  });

  it('lets a question under way finish on the store it started with', async () => {
    const dir = folder({ 'nb/pant.md': doc('2') });
    const { answering } = await live(dir);
    const started = answering.answers.askStream!(PANT_Q);
    write(dir, 'nb/pant.md', doc('4'));
    expect((await answering.reload('SIGHUP')).ok).toBe(true);
    const events = [];
    for await (const e of started) events.push(e);
    expect(events.at(-1)).toMatchObject({ kind: 'answer', answer: { text: expect.stringContaining('2 kroner') } });
    expect((await answering.answers.ask(PANT_Q)).text).toContain('4 kroner');
  });

  it('is not loaded again for what cannot change the store: its data folder, an editor’s swap file', async () => {
    const dir = folder({ 'nb/pant.md': doc('2') });
    const { logger } = await live(dir, { quietMs: 50, maxWaitMs: 500 });
    write(dir, 'data/kompis.sqlite', 'x');
    write(dir, 'nb/.pant.md.swp', 'x');
    write(dir, '.git/index', 'x');
    await new Promise((r) => setTimeout(r, 400));
    expect(reloads(logger)).toHaveLength(0);
  });
});
