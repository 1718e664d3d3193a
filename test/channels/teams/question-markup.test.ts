import { BOT, channelMessage, personalMessage, startAsking } from './harness';

/**
 * A question as Teams writes it, through the Agents SDK's CloudAdapter against the fake connector:
 * Teams sends the text as HTML, so what HTML escapes arrives as `&amp;`, `&lt;`, `&#39;` … and is
 * asked, searched for and put on the curators' list as the characters that were typed.
 */
describe('a question with escaped characters, in Teams', () => {
  let h: Awaited<ReturnType<typeof startAsking>>;
  beforeEach(async () => {
    h = await startAsking();
  });
  afterEach(() => h.close());

  test('is asked and answered as typed', async () => {
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps &amp; what&#39;s covered?'));
    expect(h.asked).toEqual(["How long is the warranty on LED lamps & what's covered?"]);
    expect(h.connector.messages()[0]!.activity.text).toContain('five-year warranty');
  });

  test('goes on the curators’ list as typed when the store has no answer', async () => {
    await h.post(personalMessage(h.connector.url, 'Is R&amp;D &lt;5 % of the budget &quot;green&quot;?'));
    expect((await h.store.curation.listOpenUnanswered(10)).map((q) => q.question)).toEqual(['Is R&D <5 % of the budget "green"?']);
  });

  test('colleagues mentioned in front of it with non-breaking spaces between are not part of it', async () => {
    const ola = { id: '29:1ola', name: 'Ola Hansen', aadObjectId: 'aad-ola' };
    const ingrid = { id: '29:1ingrid', name: 'Ingrid Berg', aadObjectId: 'aad-ingrid' };
    const post = channelMessage(h.connector.url, '', { mentions: [ola, ingrid] });
    post.text = `<at>${BOT.name}</at>&nbsp;<at>${ola.name}</at>&nbsp;<at>${ingrid.name}</at>&nbsp;how long is the warranty on LED lamps?`;
    await h.post(post);
    expect(h.asked).toEqual(['how long is the warranty on LED lamps?']);
  });

  test('Kompis mentioned twice, in front and again in the question, is part of it neither time', async () => {
    const at = `<at>${BOT.name}</at>`;
    const post = channelMessage(h.connector.url, '');
    post.text = `${at} how long is the warranty on LED lamps, ${at}?`;
    post.entities = [...(post.entities as unknown[]), { type: 'mention', text: at, mentioned: BOT }];
    await h.post(post);
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]).toContain('how long is the warranty on LED lamps');
    expect(h.asked[0]).not.toContain(BOT.name);
  });
});
