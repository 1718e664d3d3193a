import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnswerEvent } from '../../../src/core/answers/service';
import { AnswerService } from '../../../src/core/answers/service';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { loadKnowledge } from '../../../src/core/knowledge/load';
import { silentLogger } from '../../../src/core/ports';
import { eventCallback, mention, message } from '../../fakes/slack/payloads';
import { fixedClock } from '../../helpers';
import type { PostedMessage } from '../../fakes/slack/fake-slack';
import { startHarness, type Harness } from './harness';

/** A message's blocks as it now stands in the fake Slack: only what Slack took is there. */
const shownText = (m: PostedMessage) => JSON.stringify(m.blocks);

const QUESTION = 'How much is the deposit on plastic bottles?';
/** A valid address as an intranet writes one, query string and all: 3,041 characters. */
const LONG_URL = `https://intranet.example.com/sites/kb/SitePages/Deposit.aspx?ref=${'a1b2c3d4'.repeat(372)}`;

/**
 * A knowledge document whose `source:` is a very long URL. Slack takes a source's number, name and
 * link as one text of at most 3,000 characters and refuses the whole message past it (the fake Slack
 * does as Slack does: invalid_blocks), so the source is named without its link, and the knowledge
 * loader says so at start.
 */
describe('Slack: a source whose URL is too long to link', () => {
  let dir: string;
  let service: AnswerService;
  let h: Harness | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-long-source-'));
    fs.mkdirSync(path.join(dir, 'en'));
    fs.writeFileSync(
      path.join(dir, 'en', 'deposit.md'),
      `---\ntitle: Bottle deposit rules\nlang: en\nsource: ${LONG_URL}\nreviewed: 2026-09-01\n---\n## Deposit on bottles\nEvery plastic bottle sold in our stores carries a deposit of two crowns. Customers get the deposit back at the reverse vending machine by the entrance.\n`,
    );
    service = new AnswerService({ index: (await openKnowledge(dir)).index, clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger });
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the knowledge loader names the source URL as too long to link, and publishes the document', async () => {
    const k = await loadKnowledge(dir);
    expect(k.documents.map((d) => [d.path, d.meta.source])).toEqual([['en/deposit.md', LONG_URL]]);
    expect(k.problems).toEqual([{ path: 'en/deposit.md', field: 'source', message: expect.stringMatching(/^the source URL is 3041 characters long, over 2000: Slack may name the source without its link/), published: true }]);
  });

  test('a question in a channel is answered, the source named without its link', async () => {
    h = await startHarness('socket', { answers: service, signOfLifeAfterMs: 10_000 });
    const ev = mention(QUESTION);
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h!.slack.posted.some((p) => p.threadTs === ev.ts), 5000, 'the answer posted');
    const [answer] = h.slack.posted.filter((p) => p.threadTs === ev.ts);
    expect(shownText(answer!)).toContain('two crowns');
    expect(shownText(answer!)).toContain('*[1]* Bottle deposit rules — Deposit on bottles (`en/deposit.md`)');
    expect(shownText(answer!)).not.toContain(LONG_URL);
    expect(JSON.stringify(h.slack.calls.map((c) => c.args))).not.toContain('went wrong');
    expect(h.logger.lines.filter((l) => l.level === 'error')).toHaveLength(0);
  });

  test('an answer streamed in a DM ends with its sources, and the whole answer replaces the stream, each accepted by Slack', async () => {
    const streaming = {
      streams: true,
      ask: (q: string) => service.ask(q),
      async *askStream(q: string): AsyncIterable<AnswerEvent> {
        const answer = await service.ask(q);
        yield { kind: 'text', text: answer.text };
        yield { kind: 'answer', answer };
      },
    };
    h = await startHarness('socket', { answers: streaming, signOfLifeAfterMs: 10_000 });
    await h.deliver(eventCallback(message(QUESTION, { channel: 'DAGENT001', channel_type: 'im' })));
    // the quote opens with a line the stream could not show: the whole answer replaces the streamed message
    await h.slack.waitForCalls('chat.update');
    const [shown] = h.slack.posted.filter((p) => p.channel === 'DAGENT001');
    expect(shown).toMatchObject({ streaming: false });
    expect(shownText(shown!)).toContain('This is what the knowledge store says');
    expect(shownText(shown!)).toContain('*[1]* Bottle deposit rules — Deposit on bottles (`en/deposit.md`)');
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(h.logger.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toHaveLength(0);
  });
});
