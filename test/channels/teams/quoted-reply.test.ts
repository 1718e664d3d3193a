import { BOT, personalMessage, startAsking, TENANT_ID } from './harness';

/** Kompis's earlier answer, as a reply quotes it. */
const PREVIEW = 'Deposit on light bulbs is 5 kroner, paid back at any store.';

/**
 * A reply that quotes an earlier message ("Reply" on a message in a Teams chat), as the Teams client
 * sends it: `text` carries the quoted message flattened (sender, then its text) in front of what
 * was typed, and the message's HTML, a `text/html` attachment, has the quote as a
 * `<blockquote itemtype="http://schema.skype.com/Reply">` followed by what was typed.
 */
function quotedReply(serviceUrl: string, typed: string, typedHtml = `<p>${typed}</p>`): Record<string, unknown> {
  const quote =
    '<blockquote itemscope="" itemtype="http://schema.skype.com/Reply" itemid="1700000000001">' +
    `<strong itemprop="mri" itemid="28:${BOT.id}">${BOT.name}</strong><span itemprop="time" itemid="1700000000001"></span>` +
    `<p itemprop="preview">${PREVIEW}</p></blockquote>`;
  return {
    ...personalMessage(serviceUrl, `${BOT.name}${PREVIEW}\r\n${typed}`),
    attachments: [{ contentType: 'text/html', content: `${quote}\r\n${typedHtml}` }],
  };
}

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

  test('in a group chat, without the quote and without the @mention of Kompis', async () => {
    const at = `<at>${BOT.name}</at>`;
    const post = {
      ...quotedReply(h.connector.url, `${at} How long is the warranty on LED lamps?`, `<p><at id="0">${BOT.name}</at>&nbsp;How long is the warranty on LED lamps?</p>`),
      conversation: { conversationType: 'groupChat', tenantId: TENANT_ID, id: '19:kari-ola-kompis@thread.v2' },
      entities: [{ type: 'mention', text: at, mentioned: BOT }],
    };
    await h.post(post);
    expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
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
      entities: [{ type: 'quotedReply', quotedReply: { messageId: '1700000000001', senderName: BOT.name, preview: PREVIEW } }],
    });
    expect(h.asked).toEqual(['How long is the warranty on LED lamps?']);
  });

  test('in a group chat, Kompis named mid-sentence in the reply is not part of the question', async () => {
    const at = `<at>${BOT.name}</at>`;
    const post = {
      ...quotedReply(h.connector.url, `Can you say, ${at}, how long the warranty on LED lamps is?`, `<p>Can you say, <at id="0">${BOT.name}</at>, how long the warranty on LED lamps is?</p>`),
      conversation: { conversationType: 'groupChat', tenantId: TENANT_ID, id: '19:kari-ola-kompis@thread.v2' },
      entities: [{ type: 'mention', text: at, mentioned: BOT }],
    };
    await h.post(post);
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]).not.toContain(BOT.name);
    expect(h.asked[0]).toContain('how long the warranty on LED lamps is?');
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
