import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Answer } from '../../../src/core/answers/answer';
import type { AnswerView, Asker, Question, Reply } from '../../../src/core/conversation/events';
import { ConversationService } from '../../../src/core/conversation/service';
import type { Store } from '../../../src/core/storage/ports';
import { KompisMetrics } from '../../../src/http/metrics';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { recordingLogger } from '../../fakes/recording-logger';
import { miniService } from '../../helpers';

/** A channel's side as a test sees it: what the service asked it to show, in order. */
class RecordingReply implements Reply {
  readonly shown: string[] = [];
  constructor(readonly signOfLifeAfterMs = 50) {}
  async signOfLife(): Promise<void> {
    this.shown.push('sign of life');
  }
  async whole(view: AnswerView): Promise<{ messageId?: string }> {
    this.shown.push(`answer${view.curators ? ` (${view.curators})` : ''}`);
    return { messageId: 'm1' };
  }
  async apologise(text: string): Promise<void> {
    this.shown.push(`apology: ${text}`);
  }
}

/** A reply whose answers are messages that an edit can replace. */
class PostingReply extends RecordingReply {
  async whole(view: AnswerView): Promise<{ messageId: string; messages: string[] }> {
    await super.whole(view);
    return { messageId: 'm1', messages: ['m1'] };
  }
  async replace(view: AnswerView, messages: string[]): Promise<{ messageId: string; messages: string[] }> {
    this.shown.push(`replaced ${messages.join(',')} with ${view.answer.question}`);
    return { messageId: 'm1', messages };
  }
}

const slowly = async (asker: Asker, ms: number): Promise<Asker> => ({ ask: async (q, o): Promise<Answer> => (await new Promise((r) => setTimeout(r, ms)), asker.ask(q, o)) });

describe('the conversation service on a SQLite store', () => {
  let dir: string;
  let store: Store;
  let logger: ReturnType<typeof recordingLogger>;
  let metrics: KompisMetrics;
  const service = async (answers?: Asker) => new ConversationService({ answers: answers ?? (await miniService()), curation: store.curation, channels: store.channels, logger, defaultLang: 'en', metrics });
  const question = (over: Partial<Question> = {}): Question => ({ platform: 'chat-x', conversation: 'C1', thread: 'T1', asker: 'U1', text: 'How long is the warranty on LED lamps?', eventId: 'e1', ...over });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-conversation-'));
    store = openSqliteStore(dir);
    logger = recordingLogger();
    metrics = new KompisMetrics();
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an edit that reaches another replica while the first still answers the question replaces that answer once it is posted', async () => {
    const first = await service(await slowly(await miniService(), 300));
    const second = new ConversationService({ answers: await miniService(), curation: store.curation, channels: store.channels, logger, defaultLang: 'en', answerAwaitedMs: 5_000 });
    const onFirst = new PostingReply(1000);
    const onSecond = new PostingReply(1000);
    const answering = first.question(question({ text: 'How long is the waranty on LED lamps?' }), onFirst);
    await new Promise((r) => setTimeout(r, 50));
    await second.edited(question(), onSecond);
    await answering;
    expect(onFirst.shown).toEqual(['answer']);
    expect(onSecond.shown).toEqual(['replaced m1 with How long is the warranty on LED lamps?']);

    // a question this replica failed to answer is answered at once when edited: no other replica's answer to wait for
    const failing = new ConversationService({ answers: { ask: () => Promise.reject(new Error('index down')) }, curation: store.curation, channels: store.channels, logger, defaultLang: 'en', answerAwaitedMs: 60_000 });
    await failing.question(question({ eventId: 'e9', text: 'How long is the waranty on LED lamps?' }), new PostingReply(1000));
    const started = Date.now();
    await expect(failing.edited(question({ eventId: 'e9' }), new PostingReply(1000))).resolves.toBeUndefined();
    // a wait for another replica's answer would take the minute it is given
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 40_000);

  test('a slow answer shows a sign of life first; a quick one none', async () => {
    const slow = new RecordingReply();
    await (await service(await slowly(await miniService(), 200))).question(question(), slow);
    expect(slow.shown).toEqual(['sign of life', 'answer']);
    const quick = new RecordingReply(1000);
    await (await service()).question(question({ eventId: 'e2' }), quick);
    expect(quick.shown).toEqual(['answer']);
  });

  test('a question delivered again is answered once, and counted by its platform', async () => {
    const s = await service();
    const reply = new RecordingReply();
    await s.question(question(), reply);
    await s.question(question(), reply);
    await s.question(question({ platform: 'chat-y' }), reply);
    expect(reply.shown).toEqual(['answer', 'answer']);
    const counted = await metrics.registry.getSingleMetricAsString('kompis_questions_total');
    expect(counted).toContain('channel="chat-x"} 1');
    expect(counted).toContain('channel="chat-y"} 1');
  });

  test('an abstention is on the curators’ list before it is shown, once per question', async () => {
    const s = await service();
    const reply = new RecordingReply();
    await s.question(question({ text: 'What is the capital of Peru?', replyTo: 'chat-x:conversation:C1' }), reply);
    expect(reply.shown).toEqual(['answer (noted)']);
    // "send to the curators" on the same question keeps it listed once
    const abstention = await (await miniService()).ask('What is the capital of Peru?');
    expect(await s.listForCurators(question({ text: 'What is the capital of Peru?' }), abstention)).toBe('noted');
    const listed = await s.unanswered(10);
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({ question: 'What is the capital of Peru?', channel: 'chat-x:conversation:C1', why: abstention.why });
    expect(abstention.why).toBeTruthy();
  });

  test('a question goes on the curators’ list whole, however long, without the e-mail address and phone number a customer gave', async () => {
    const s = await service();
    const story = 'The customer tells me about the weather on the coast this week. '.repeat(24);
    const text = `Customer kari@example.com, phone 412 34 567, asks this: ${story}What is the capital of Peru?`;
    await s.question(question({ text, eventId: 'long' }), new RecordingReply());
    const [listed] = (await s.unanswered(10)).items;
    expect(listed!.question).toBe(`Customer [e-mail], phone [phone], asks this: ${story.trim()} What is the capital of Peru?`);
    expect(listed!.question.length).toBeGreaterThan(1500);
  });

  test('an answer from the closest passage the store has is on the curators’ list too, with that passage; a sure one is not', async () => {
    const s = await service();
    const reply = new RecordingReply();
    await s.question(question({ text: 'How long is the warranty on LED lamps?' }), reply);
    await s.question(question({ eventId: 'e2', text: 'does the warranty cover LED lamps dropped on the floor?' }), reply);
    expect(reply.shown).toEqual(['answer', 'answer (noted)']);
    const listed = await s.unanswered(10);
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({ question: 'does the warranty cover LED lamps dropped on the floor?', why: expect.stringMatching(/^answered from the closest passage \(en\/warranty\.md#.+\), which may not answer it$/) });
  });

  test('thanks are answered in kind and never put on the curators’ list', async () => {
    const s = await service();
    const reply = new RecordingReply();
    await s.question(question({ text: 'Thanks for the help!', replyTo: 'chat-x:conversation:C1' }), reply);
    expect(reply.shown).toEqual(['answer']);
    expect((await s.unanswered(10)).total).toBe(0);
  });

  test('the thread of a question that asks for it is followed; others are not', async () => {
    const s = await service();
    await s.question(question({ followThread: true }), new RecordingReply());
    await s.question(question({ eventId: 'e2', thread: 'T2' }), new RecordingReply());
    expect(await s.followsThread('chat-x', 'C1', 'T1')).toBe(true);
    expect(await s.followsThread('chat-x', 'C1', 'T2')).toBe(false);
  });

  test('a follow-up in a thread is asked with the question before it, as that was read; thanks change nothing, and another thread has none', async () => {
    const mini = await miniService();
    const previous: (string | undefined)[] = [];
    const answers: Answer[] = [];
    const s = await service({ ask: async (text, opts) => (previous.push(opts?.previous), answers.push(await mini.ask(text, opts)), answers.at(-1)!) });
    await s.question(question(), new RecordingReply());
    await s.question(question({ eventId: 'e2', text: 'thanks!' }), new RecordingReply());
    await s.question(question({ eventId: 'e3', text: 'and what does it need?' }), new RecordingReply());
    await s.question(question({ eventId: 'e4', text: 'and what does it need?', thread: 'T2' }), new RecordingReply());
    expect(previous).toEqual([undefined, 'How long is the warranty on LED lamps?', 'How long is the warranty on LED lamps?', undefined]);
    expect(answers[2]!.readAs).toBe('How long is the warranty on LED lamps? and what does it need?');
    expect(answers[2]!.citations[0]?.path).toBe('en/warranty.md');
    // the next follow-up goes on from the question as it was read
    await s.question(question({ eventId: 'e5', text: 'why?' }), new RecordingReply());
    expect(previous.at(-1)).toBe('How long is the warranty on LED lamps? and what does it need?');
  });

  test('a message that asked nothing, edited into a question, is the question a follow-up goes on from', async () => {
    const mini = await miniService();
    const previous: (string | undefined)[] = [];
    const s = await service({ ask: async (text, opts) => (previous.push(opts?.previous), mini.ask(text, opts)) });
    await s.question(question({ thread: 'T3', text: 'thanks!' }), new PostingReply());
    await s.edited(question({ thread: 'T3' }), new PostingReply());
    await s.question(question({ thread: 'T3', eventId: 'e2', text: 'and what does it need?' }), new PostingReply());
    expect(previous.at(-1)).toBe('How long is the warranty on LED lamps?');
  });

  test('without threads, a follow-up goes on from the same asker’s question in the conversation', async () => {
    const mini = await miniService();
    const previous: (string | undefined)[] = [];
    const s = await service({ ask: async (text, opts) => (previous.push(opts?.previous), mini.ask(text, opts)) });
    const unthreaded = { ...question(), thread: undefined };
    await s.question(unthreaded, new RecordingReply());
    await s.question({ ...unthreaded, eventId: 'e2', asker: 'U2', text: 'why?' }, new RecordingReply());
    await s.question({ ...unthreaded, eventId: 'e3', text: 'why?' }, new RecordingReply());
    expect(previous).toEqual([undefined, undefined, 'How long is the warranty on LED lamps?']);
  });

  test('the passages of a posted answer are kept, so feedback that names only the message is stored with them', async () => {
    const s = await service();
    await s.question(question(), new RecordingReply());
    expect(await s.feedback({ platform: 'chat-x', conversation: 'C1', message: 'm1', voter: 'U2', vote: 'down', reason: 'old', lang: 'en' })).toBe('stored');
    expect((await store.exportAll()).feedback).toEqual([expect.objectContaining({ answerId: 'chat-x:C1:m1', passageIds: ['en/warranty.md#how-long-led-lamps-are-covered'] })]);
  });

  test('with the store down the question is still answered and the log says so once; feedback says it was not stored', async () => {
    const s = await service();
    await store.close();
    const reply = new RecordingReply();
    await s.question(question(), reply);
    expect(reply.shown).toEqual(['answer']);
    expect(logger.lines.filter((l) => l.level === 'warn' && /answering anyway/.test(l.msg ?? ''))).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'warn' && /could not be read; reading it alone/.test(l.msg ?? ''))).toHaveLength(1);
    expect(await s.feedback({ platform: 'chat-x', conversation: 'C1', message: 'm1', voter: 'U2', vote: 'up', lang: 'en' })).toBe('store_down');
  });

  test('a failure ends in one apology in the asker’s language and one error line', async () => {
    const reply = new RecordingReply();
    await (await service({ ask: () => Promise.reject(new Error('index exploded')) })).question(question({ lang: 'sv' }), reply);
    expect(reply.shown).toEqual([expect.stringMatching(/^apology: Förlåt, något gick fel/)]);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ msg: 'question not answered' })]);
  });
});
