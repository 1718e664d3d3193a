import { BOT, groupChatMessage, mentionSpan, personalMessage, quotingReply, startAsking } from './harness';

/** Kompis's earlier answer, as a reply quotes it. */
const QUOTED = { from: BOT, text: 'Deposit on light bulbs is 5 kroner, paid back at any store.' };

/** A reply in Kari's personal chat with Kompis that quotes Kompis's earlier answer (see `quotingReply`). */
function quotedReply(serviceUrl: string, typed: string, typedHtml = `<p>${typed}</p>`): Record<string, unknown> {
  return quotingReply(personalMessage(serviceUrl, typed), QUOTED, typedHtml);
}

/** The same in a group chat, where Kompis is @mentioned: `<at>Kompis</at>` in `typed`, as Teams writes `text`. */
function groupQuotedReply(serviceUrl: string, typed: string, typedHtml: string): Record<string, unknown> {
  return quotingReply({ ...groupChatMessage(serviceUrl, ''), text: typed }, QUOTED, typedHtml);
}

const at = `<at>${BOT.name}</at>`;

describe('a reply that quotes an earlier message, in Teams', () => {
  let h: Awaited<ReturnType<typeof startAsking>>;
  beforeEach(async () => {
    h = await startAsking();
  });
  afterEach(() => h.close());

  test('is asked without the quote, and answered', async () => {
    await h.post(quotedReply(h.connector.url, 'How long is the warranty on LED lamps?'));
    expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
    expect(h.connector.messages()[0]!.activity.text).toContain('five-year warranty');
  });

  test('a quote that itself holds a quote is left out whole', async () => {
    const post = quotedReply(h.connector.url, 'How long is the warranty on LED lamps?');
    const [html] = post.attachments as { content: string }[];
    html!.content = html!.content.replace('<p itemprop="preview">', '<blockquote itemtype="http://schema.skype.com/Reply"><p>an older question</p></blockquote><p itemprop="preview">');
    await h.post(post);
    expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
  });

  test('the quote of a newer Teams client, a placeholder with an entity, is not part of the question either', async () => {
    await h.post({
      ...personalMessage(h.connector.url, '<quoted messageId="1700000000001"/> How long is the warranty on LED lamps?'),
      entities: [{ type: 'quotedReply', quotedReply: { messageId: '1700000000001', senderName: BOT.name, preview: QUOTED.text } }],
    });
    expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
  });

  // the bot's own HTML has a mention as a span of Teams' Mention item type (Microsoft's Teams SDK
  // tests capture it so); Graph and older payloads write `<at id="0">`: both are read the same
  describe.each([
    ['a mention span', mentionSpan(0, BOT.name)],
    ['<at id="0">', `<at id="0">${BOT.name}</at>`],
  ])('in a group chat, Kompis mentioned in the HTML as %s', (_, mention) => {
    test('in front: asked without the quote and without the mention', async () => {
      await h.post(groupQuotedReply(h.connector.url, `${at} How long is the warranty on LED lamps?`, `<p>${mention}&nbsp;How long is the warranty on LED lamps?</p>`));
      expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
    });

    test('mid-sentence: not part of the question, and the question is answered', async () => {
      await h.post(groupQuotedReply(h.connector.url, `Can you say, ${at}, how long the warranty on LED lamps is?`, `<p>Can you say, ${mention}, how long the warranty on LED lamps is?</p>`));
      expect(h.asked).toHaveLength(1);
      expect(h.asked[0]).not.toContain(BOT.name);
      expect(h.asked[0]).toContain('how long the warranty on LED lamps is?');
      expect(String(h.connector.messages()[0]!.activity.text)).toContain('five-year warranty');
    });
  });

  test('a command typed as a reply that quotes an earlier message is run, not asked', async () => {
    await h.post(quotedReply(h.connector.url, 'help'));
    await h.post({ ...personalMessage(h.connector.url, '<quoted messageId="1700000000001"/> help'), id: 'quoted-help-2' });
    expect(h.asked).toEqual([]);
    const replies = h.connector.messages().map((m) => String(m.activity.text));
    expect(replies).toHaveLength(2);
    for (const text of replies) expect(text).toContain('help — shows this help');
  });

  test('a message whose HTML has no quoted reply is asked from its text', async () => {
    await h.post({ ...personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'), attachments: [{ contentType: 'text/html', content: '<blockquote><p>a quote of its own</p></blockquote><p>How long is the warranty on LED lamps?</p>' }] });
    expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
  });
});
