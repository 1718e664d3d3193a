import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { BOT_USER_ID, FakeSlack } from '../../fakes/slack/fake-slack';
import { edit, eventCallback, mention, message } from '../../fakes/slack/payloads';
import type { Asker } from '../../../src/core/conversation/events';
import { answersRepeating, miniService } from '../../helpers';
import { blockText, startHarness, type Harness } from './harness';

const pause = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** An edited question to Kompis, through the real Bolt App against the fake Slack: its answer follows it. */
describe.each(['socket', 'http'] as const)('an edited question over %s', (mode) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(mode);
  });
  afterEach(async () => {
    await h.close();
  });

  /** Kompis's messages in the question's thread, as they now stand. */
  const answersTo = (q: Record<string, unknown>) => h.slack.posted.filter((p) => p.channel === q.channel && p.threadTs === q.ts);

  test('a mention edited: its answer is updated in place, with its sources and 👍/👎, and no new message', async () => {
    const asked = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    const [answer] = answersTo(asked);
    await h.deliver(eventCallback(edit(asked, `<@${BOT_USER_ID}> What proof of purchase does the LED warranty need?`)));
    await h.slack.waitForCalls('chat.update');
    const [update] = h.slack.callsOf('chat.update');
    expect(update!.args).toMatchObject({ channel: asked.channel, ts: answer!.ts });
    const blocks = blockText(update!.args);
    expect(blocks).toContain('receipt');
    expect(blocks).toContain('[1]');
    expect(blocks).toContain('Warranty on LED lamps');
    expect(blocks).toContain('feedback_buttons');
    await pause();
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(answersTo(asked)).toHaveLength(1);
  });

  test('a DM edited, and edited again: the one answer follows each edit', async () => {
    const asked = message('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    const [answer] = answersTo(asked);
    await h.deliver(eventCallback(edit(asked, 'What proof of purchase does the LED warranty need?')));
    await h.slack.waitForCalls('chat.update');
    await h.deliver(eventCallback(edit(asked, 'Hvordan fungerer pant på lyspærer?')));
    await h.slack.waitForCalls('chat.update', 2);
    expect(h.slack.callsOf('chat.update').map((u) => u.args.ts)).toEqual([answer!.ts, answer!.ts]);
    expect(blockText(h.slack.callsOf('chat.update')[1]!.args)).toContain('5 kroner i pant');
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('an edit that changes none of the words, and the edit of a message that asked Kompis nothing, do nothing', async () => {
    const asked = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    // spaces and line breaks moved
    await h.deliver(eventCallback(edit(asked, `<@${BOT_USER_ID}>  How long is the warranty\non LED lamps? `)));
    // a link preview added by Slack: no person's edit, the words as they were
    const preview = edit(asked, String(asked.text));
    delete (preview.message as { edited?: unknown }).edited;
    (preview.message as { attachments?: unknown }).attachments = [{ from_url: 'https://example.com/led', title: 'LED lamps' }];
    await h.deliver(eventCallback(preview));
    // chatter in a channel, edited, still to nobody
    const chatter = message('lunch at 12?', { channel: 'CTEAM0001', channel_type: 'channel' });
    await h.deliver(eventCallback(chatter));
    await h.deliver(eventCallback(edit(chatter, 'How long is the warranty on LED lamps, by the way?')));
    await pause();
    expect(h.slack.callsOf('chat.update')).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('an edit delivered twice, or retried, updates the answer once', async () => {
    const asked = message('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    const edited = eventCallback(edit(asked, 'What proof of purchase does the LED warranty need?'));
    await Promise.all([h.deliver(edited), h.deliver(edited, 1)]);
    await h.slack.waitForCalls('chat.update');
    await h.deliver(edited, 2);
    await pause();
    expect(h.slack.callsOf('chat.update')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('an answer someone deleted is answered again in the thread', async () => {
    const asked = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    h.slack.deleteMessage(String(asked.channel), answersTo(asked)[0]!.ts);
    await h.deliver(eventCallback(edit(asked, `<@${BOT_USER_ID}> What proof of purchase does the LED warranty need?`)));
    await h.slack.waitForCalls('chat.postMessage', 2);
    const again = h.slack.callsOf('chat.postMessage')[1]!;
    expect(again.args).toMatchObject({ channel: asked.channel, thread_ts: asked.ts });
    expect(blockText(again.args)).toContain('receipt');
    expect(blockText(again.args)).toContain('feedback_buttons');
  });

  test('a question edited into one too long gets the friendly error in place of its answer', async () => {
    const asked = message('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    await h.deliver(eventCallback(edit(asked, `How long is the warranty on LED lamps? ${'Please explain. '.repeat(200)}`)));
    await h.slack.waitForCalls('chat.update');
    const update = h.slack.callsOf('chat.update')[0]!;
    expect(update.args.ts).toBe(answersTo(asked)[0]!.ts);
    expect(blockText(update.args)).toMatch(/too long|for langt/);
    expect(blockText(update.args)).not.toContain('feedback_buttons');
  });
});

describe('an edited question, over Socket Mode', () => {
  const hs: Harness[] = [];
  afterEach(async () => {
    for (const h of hs.splice(0).reverse()) await h.close();
  });
  const start = async (opts: Parameters<typeof startHarness>[1] = {}) => {
    const h = await startHarness('socket', opts);
    hs.push(h);
    return h;
  };

  test('a follow-up edited is read with the question before it, as it was; a first question edited is read alone', async () => {
    const h = await start();
    const asked = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    const followUp = message('and what does it need?', { channel: String(asked.channel), channel_type: 'channel', thread_ts: String(asked.ts) });
    await h.deliver(eventCallback(followUp));
    await h.slack.waitForCalls('chat.postMessage', 2);
    await h.deliver(eventCallback(edit(followUp, 'and what proof does it need?')));
    await h.slack.waitForCalls('chat.update');
    expect(blockText(h.slack.callsOf('chat.update')[0]!.args)).toContain('Read together with the question before: “How long is the warranty on LED lamps? and what proof does it need?”');
    // the first question, edited, is not read with the follow-up after it, nor with itself
    await h.deliver(eventCallback(edit(asked, `<@${BOT_USER_ID}> How long is the LED lamp warranty?`)));
    await h.slack.waitForCalls('chat.update', 2);
    const first = h.slack.callsOf('chat.update')[1]!;
    expect(first.args.ts).toBe(h.slack.posted.find((p) => p.threadTs === asked.ts)!.ts);
    expect(blockText(first.args)).toContain('five-year warranty');
    expect(blockText(first.args)).not.toContain('Read together');
  });

  /** A question whose answer Slack is given as several pages (the buttons on the last), and those pages' ts. */
  const longAnswer = async () => {
    const service = await miniService();
    const answers: Asker = {
      ask: async (q, o) => {
        const a = await service.ask(q, o);
        return q.includes('everything') ? { ...a, text: 'LED lamps have a five-year warranty [1]. '.repeat(700) } : a;
      },
    };
    const h = await start({ answers });
    const asked = message('Tell me everything about the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitFor(() => h.slack.posted.some((p) => blockText({ blocks: p.blocks }).includes('feedback_buttons')), 5000, 'the long answer');
    return { h, asked, pages: h.slack.posted.map((p) => p.ts) };
  };

  test('a page Slack fails to delete stays under the replaced answer, with a warning and no apology; the next edit still replaces it', async () => {
    const { h, asked, pages } = await longAnswer();
    // Slack's API failing past the client's retries
    h.slack.inject('chat.delete', ...Array.from({ length: 4 * pages.length }, () => ({ status: 500 as const })));
    await h.deliver(eventCallback(edit(asked, 'How long is the warranty on LED lamps?')));
    await h.slack.waitFor(() => h.logger.lines.some((l) => l.msg === "could not delete a page the edited question's answer no longer has"), 10_000, 'the warning');
    expect(h.slack.callsOf('chat.postMessage').filter((c) => /sorry/i.test(String(c.args.text)))).toHaveLength(0);
    expect(h.logger.lines.filter((l) => l.level === 'error')).toHaveLength(0);
    // the answer as replaced is the one an edit after it replaces
    await h.deliver(eventCallback(edit(asked, 'How long is the warranty on LED lamps, then?')));
    await h.slack.waitForCalls('chat.update', 2);
    expect(h.slack.callsOf('chat.update').map((u) => u.args.ts)).toEqual([pages[0], pages[0]]);
  });

  test('a long answer edited into a short one: its first page updated, the pages after it deleted; and back', async () => {
    const { h, asked, pages } = await longAnswer();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    await h.deliver(eventCallback(edit(asked, 'How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.delete', pages.length - 1);
    expect(h.slack.callsOf('chat.update').map((u) => u.args.ts)).toEqual([pages[0]]);
    expect(h.slack.posted.map((p) => p.ts)).toEqual([pages[0]]);
    expect(blockText(h.slack.callsOf('chat.update')[0]!.args)).toContain('feedback_buttons');
    // edited back to the long question: the one message again, the rest of the answer after it in the thread
    await h.deliver(eventCallback(edit(asked, 'Tell me everything about the warranty on LED lamps, please?')));
    await h.slack.waitFor(() => h.slack.posted.length === pages.length, 5000, 'the long answer again');
    expect(h.slack.posted[0]!.ts).toBe(pages[0]);
    expect(blockText({ blocks: h.slack.posted.at(-1)?.blocks })).toContain('feedback_buttons');
  });

  test('an answer streamed through Slack\'s chat stream is updated in place', async () => {
    const h = await start({ answers: answersRepeating(await miniService(), 'LED lamps have a five-year warranty [1].'), signOfLifeAfterMs: 10_000 });
    const asked = message('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.stopStream');
    const streamed = h.slack.posted.find((p) => p.threadTs === asked.ts)!;
    await h.deliver(eventCallback(edit(asked, 'What proof of purchase does the LED warranty need?')));
    await h.slack.waitForCalls('chat.update');
    expect(h.slack.callsOf('chat.update')[0]!.args).toMatchObject({ channel: asked.channel, ts: streamed.ts });
    expect(blockText(h.slack.callsOf('chat.update')[0]!.args)).toContain('feedback_buttons');
    expect(h.slack.callsOf('chat.startStream')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  test('an edit that comes while its question is being answered updates the answer once it is posted', async () => {
    const service = await miniService();
    const h = await start({ answers: { ask: async (q, o) => (await pause(400), service.ask(q, o)) }, signOfLifeAfterMs: 10_000 });
    const asked = message('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.deliver(eventCallback(edit(asked, 'What proof of purchase does the LED warranty need?')));
    await h.slack.waitForCalls('chat.update', 1, 5000);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(blockText(h.slack.callsOf('chat.update')[0]!.args)).toContain('receipt');
  });

  test('after a restart the answer is still updated; after one that lost the store, the edited question is answered again in its thread', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-slack-'));
    try {
      const store = openSqliteStore(dir);
      const h = await start({ slack, store });
      const asked = mention('How long is the warranty on LED lamps?');
      await h.deliver(eventCallback(asked));
      await slack.waitForCalls('chat.postMessage');
      await hs.pop()!.close();
      // the same Slack and store, a Kompis started again
      const restarted = await start({ slack, store });
      await restarted.deliver(eventCallback(edit(asked, `<@${BOT_USER_ID}> What proof of purchase does the LED warranty need?`)));
      await slack.waitForCalls('chat.update');
      expect(blockText(slack.callsOf('chat.update')[0]!.args)).toContain('receipt');
      await hs.pop()!.close();
      await store.close();
      // the same Slack, a Kompis with a new store
      const again = await start({ slack });
      await again.deliver(eventCallback(edit(asked, `<@${BOT_USER_ID}> Hvordan fungerer pant på lyspærer?`)));
      await slack.waitForCalls('chat.postMessage', 2);
      expect(slack.callsOf('chat.postMessage')[1]!.args).toMatchObject({ channel: asked.channel, thread_ts: asked.ts });
      expect(blockText(slack.callsOf('chat.postMessage')[1]!.args)).toContain('5 kroner i pant');
      expect(slack.callsOf('chat.update')).toHaveLength(1);
    } finally {
      for (const h of hs.splice(0)) await h.close();
      await slack.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
