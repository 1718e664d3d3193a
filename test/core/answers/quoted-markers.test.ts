import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderAnswerText } from '../../../src/channels/console/render-answer';
import { AnswerService } from '../../../src/core/answers/service';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { silentLogger } from '../../../src/core/ports';
import { eventCallback, mention } from '../../fakes/slack/payloads';
import { documentsOf, fixedClock } from '../../helpers';
import { startHarness } from '../../channels/slack/harness';
import { personalMessage, startTeams } from '../../channels/teams/harness';
import { runCli } from '../../cli/run-cli';

/** A passage with a footnote of its own, "[2]", and the note it points to. */
const STORE = {
  'en/glass.md': `---
title: Glass bottle deposit
lang: en
source: https://example.com/glass
reviewed: 2026-09-01
---
## Glass bottles
Glass bottles carry a deposit of three crowns, as the Deposit Regulation sets it [2]. The deposit is refunded at every store.

## Notes
[2] Deposit Regulation § 4, as amended in 2024.
`,
  'en/jars.md': `---
title: Glass jars and lids
lang: en
source: https://example.com/jars
reviewed: 2026-09-01
---
## Glass jars
Glass jars carry no deposit; customers put glass jars in the glass recycling container, and the metal lids go with metal.
`,
};

const QUESTION = 'What deposit do glass bottles carry?';

/** The citation markers a channel reads in a text: every [n]. */
const markers = (text: string) => [...text.matchAll(/\[(\d+)\]/g)].map((m) => m[0]);

/**
 * A "[2]" written in a quoted passage is the document's own footnote, not a source of the answer:
 * it reads as written, and no channel reads it as a citation marker, while Kompis's own [1] is one
 * in Slack (through Bolt against the fake Slack), Teams (through the Agents SDK CloudAdapter
 * against the fake connector) and the console.
 */
describe("a passage's own [n], quoted in an answer", () => {
  const service = new AnswerService({ index: new KnowledgeIndex(documentsOf(STORE)), clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger });

  test('reads as written, and is no marker: the only one is the [1] Kompis adds', async () => {
    const answer = await service.ask(QUESTION);
    expect(answer.citations.map((c) => [c.n, c.title])).toEqual([[1, 'Glass bottle deposit']]);
    expect(markers(answer.text)).toEqual(['[1]']);
    expect(answer.text.replace(/\u2060/g, '')).toBe('Glass bottles carry a deposit of three crowns, as the Deposit Regulation sets it [2]. The deposit is refunded at every store. [1]');
  });

  test("a document's title quoted in a note (it is due for review) keeps its own [n] as written, no marker", async () => {
    const stale = { 'en/glass.md': STORE['en/glass.md'].replace('title: Glass bottle deposit', 'title: Glass bottle deposit [3]').replace('2026-09-01', '2024-01-15') };
    const old = new AnswerService({ index: new KnowledgeIndex(documentsOf(stale)), clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger });
    const answer = await old.ask(QUESTION);
    expect(answer.notes.flatMap(markers)).toEqual(['[1]']);
    expect(answer.notes.join(' ')).toContain('[1] Glass bottle deposit [\u20603]');
    expect(renderAnswerText(answer)).toContain('[1] Glass bottle deposit [3]');
  });

  test('the console shows it as written, and the [1] with its source', async () => {
    const shown = renderAnswerText(await service.ask(QUESTION));
    // no chat channel reads the terminal: the passage's [2] is as written, with no invisible character
    expect(markers(shown)).toEqual(['[2]', '[1]', '[1]']);
    expect(shown).toContain('as the Deposit Regulation sets it [2].');
    expect(shown).not.toContain('\u2060');
    expect(shown).toContain('  [1] Glass bottle deposit — Glass bottles (https://example.com/glass)');
  });

  test('kompis ask, as text and --json, gives the text as written, with no invisible character', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-quoted-'));
    try {
      for (const [file, raw] of Object.entries(STORE)) {
        fs.mkdirSync(path.dirname(path.join(dir, 'knowledge', file)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'knowledge', file), raw);
      }
      const env = { DATA_DIR: path.join(dir, 'data') };
      const json = await runCli(['ask', '--knowledge', path.join(dir, 'knowledge'), '--json', QUESTION], env);
      expect(json.code).toBe(0);
      const answer = (JSON.parse(json.out) as { answer: string }).answer;
      expect(answer).toBe('Glass bottles carry a deposit of three crowns, as the Deposit Regulation sets it [2]. The deposit is refunded at every store. [1]');
      const text = await runCli(['ask', '--knowledge', path.join(dir, 'knowledge'), QUESTION], env);
      expect(text.out).toContain('as the Deposit Regulation sets it [2].');
      expect(text.out).not.toContain('\u2060');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Teams makes a citation pill of the [1] alone', async () => {
    const h = await startTeams({ answers: service });
    try {
      expect((await h.post(personalMessage(h.connector.url, QUESTION))).status).toBe(200);
      const [reply] = h.connector.messages();
      const text = String(reply!.activity.text);
      expect(text).toContain('as the Deposit Regulation sets it [\u20602].');
      expect(markers(text)).toEqual(['[1]']);
      const entity = (reply!.activity.entities as { type: string; citation?: { position: number; appearance: { name: string } }[] }[]).find((e) => e.type === 'https://schema.org/Message');
      expect(entity!.citation!.map((c) => [c.position, c.appearance.name])).toEqual([[1, 'Glass bottle deposit: Glass bottles']]);
    } finally {
      await h.close();
    }
  });

  test('Slack shows it as written, and the [1] with its linked source', async () => {
    const h = await startHarness('socket', { answers: service });
    try {
      const ev = mention(QUESTION);
      await h.deliver(eventCallback(ev));
      await h.slack.waitFor(() => h.slack.posted.some((p) => p.threadTs === ev.ts), 5000, 'the answer');
      const blocks = JSON.stringify(h.slack.posted.find((p) => p.threadTs === ev.ts)!.blocks);
      expect(blocks).toContain('as the Deposit Regulation sets it [\u20602].');
      expect(markers(blocks)).toEqual(['[1]', '[1]']);
      expect(blocks).toContain('*[1]* <https://example.com/glass|Glass bottle deposit — Glass bottles>');
    } finally {
      await h.close();
    }
  });
});
