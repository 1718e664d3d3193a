import { BOT, channelMessage } from './harness';
import { AGENTS, cardOf, cardText, LEAD, teamWorld, type TeamWorld } from './world';

const OLA = AGENTS[0]!;

/**
 * What Teams puts around what people type, through the Agents SDK's CloudAdapter against the fake
 * connector: Teams sends the text as HTML, so the space after an @mention is often `&nbsp;` and
 * `&`, `<`, `>` arrive as `&amp;`, `&lt;`, `&gt;` (a captured activity reads
 * `"text": "<at>CapCoins</at>&nbsp;testing go go go …"` with `"textFormat": "plain"`).
 */
describe('Teams markup around a command', () => {
  let w: TeamWorld;
  beforeEach(async () => {
    w = await teamWorld();
  });
  afterEach(() => w.close());

  async function say(activity: Record<string, unknown>, more = 1): Promise<ReturnType<TeamWorld['connector']['messages']>> {
    const before = w.connector.messages().length;
    expect((await w.h.post(activity)).status).toBe(200);
    await w.connector.waitFor(() => w.connector.messages().length >= before + more, 5000, `${more} message(s)`);
    return w.connector.messages().slice(before);
  }

  /** A channel message whose text is exactly `html`, as Teams wrote it. */
  function written(html: string, mentions = [OLA]): Record<string, unknown> {
    return { ...channelMessage(w.connector.url, '', { from: LEAD, mentions }), text: html };
  }

  test('a command after the mention and a non-breaking space is run, not answered as a question', async () => {
    const [reply] = await say(written(`<at>${BOT.name}</at>&nbsp;goals`, []));
    expect(cardText(cardOf(reply!))).toContain('The team has no goals yet');
    expect(await w.h.store.curation.listOpenUnanswered(10)).toEqual([]);
  });

  test('kudos written with non-breaking spaces and escaped characters shows the reason as typed', async () => {
    const sent = await say(written(`<at>${BOT.name}</at>&nbsp;kudos <at>${OLA.name}</at>&nbsp;for the R&amp;D notes &lt;3`), 2);
    const card = sent.map((s) => cardOf(s)).find(Boolean);
    expect(card).toBeDefined();
    const text = cardText(card);
    expect(text).toContain('for the R&D notes <3');
    expect(text).not.toMatch(/&(nbsp|amp|lt);/);
  });

  test('an escaped `{@id}` decodes to text, never to a mention', async () => {
    const [reply] = await say(written(`<at>${BOT.name}</at>&nbsp;goal progress &#123;@${OLA.aadObjectId}} 5`, []));
    expect(reply!.activity.text).not.toContain('<at>');
    expect(reply!.activity.entities ?? []).toEqual([]);
    expect(reply!.activity.text).toContain(OLA.aadObjectId);
  });
});
