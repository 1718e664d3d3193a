import { AnswerService } from '../../../src/core/answers/service';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { silentLogger } from '../../../src/core/ports';
import { documentsOf, fixedClock } from '../../helpers';
import { personalMessage, startTeams, type TeamsHarness } from './harness';

/** A document whose title is written with HTML and whose text holds Slack's markup, an ampersand and a `>`. */
const STORE = {
  'en/batteries.md': `---
title: Battery <b>recycling</b> &amp; returns
lang: en
source: https://example.com/batteries
reviewed: 2026-09-01
---
## Where batteries go
Used batteries are collected in the red box at the checkout <!channel> and the curator <@U0ADMIN1> empties it every Friday; questions go to R&D. Lithium batteries must be taped before they go in the box > bin.
`,
  'en/bulbs.md': `---
title: ${'Lyspærer'.repeat(9)}${'🔋'.repeat(5)}
lang: en
reviewed: 2026-09-01
---
## Bulbs
Old light bulbs go in the bulb bin at the entrance of the store.
`,
};

type Claim = { position: number; appearance: { name: string } };
const claimsOf = (a: Record<string, unknown>) => (a.entities as { type: string; citation?: Claim[] }[]).find((e) => e.type === 'https://schema.org/Message')!.citation!;

/**
 * What documents hold, through the Agents SDK CloudAdapter against the fake connector: Teams reads a
 * message's text as markdown with HTML, so each `&`, `<` and `>` from a document (or the asker) is
 * escaped one way, and shows as written; a title written with HTML names the source by its words.
 */
describe('Teams: the text of a document in an answer', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    const service = new AnswerService({ index: new KnowledgeIndex(documentsOf(STORE)), clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger });
    h = await startTeams({ answers: service });
  });
  afterAll(() => h.close());

  async function reply(question: string): Promise<Record<string, unknown>> {
    const before = h.connector.messages().length;
    expect((await h.post(personalMessage(h.connector.url, question))).status).toBe(200);
    return h.connector.messages()[before]!.activity;
  }

  test("markup in a passage is escaped one way, every '<' as every '>', and the citation is named by the title's words", async () => {
    const a = await reply('Where do used batteries go?');
    const text = String(a.text);
    expect(text).toContain('at the checkout &lt;!channel&gt; and the curator &lt;@U0ADMIN1&gt; empties it');
    expect(text).toContain('questions go to R&amp;D.');
    expect(text).toContain('in the box &gt; bin.');
    expect(text).not.toContain('‹');
    expect(claimsOf(a).map((c) => c.appearance.name)).toEqual(['Battery recycling & returns: Where batteries go']);
  });

  test('a citation name shortened to 80 characters keeps an emoji whole or leaves it out', async () => {
    const [claim] = claimsOf(await reply('Where do old light bulbs go?'));
    // 72 letters and five emoji of two UTF-16 units each: the cut at 79 falls inside the fourth
    expect(claim!.appearance.name).toBe(`${'Lyspærer'.repeat(9)}${'🔋'.repeat(3)}…`);
  });
});
