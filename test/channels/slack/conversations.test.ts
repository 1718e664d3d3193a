import { BOT_USER_ID } from '../../fakes/slack/fake-slack';
import { blockAction, edit, eventCallback, mention, message, nextTs } from '../../fakes/slack/payloads';
import { blockText, CURATORS, eventually, startHarness, type Harness } from './harness';

/**
 * The "Done when" list of issue 4, through the real Bolt App, its receiver (Socket Mode or HTTP)
 * and its WebClient, against the local fake Slack.
 */
describe.each(['socket', 'http'] as const)('Slack over %s', (mode) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(mode);
  });
  afterEach(async () => {
    await h.close();
  });

  test('a mention gets a threaded, cited answer', async () => {
    const ev = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    expect(post!.token).toBe('xoxb-test-token');
    expect(post!.args.channel).toBe(ev.channel);
    expect(post!.args.thread_ts).toBe(ev.ts);
    const blocks = blockText(post!.args);
    expect(blocks).toContain('five-year warranty');
    expect(blocks).toContain('[1]');
    expect(blocks).toContain('Warranty on LED lamps');
    expect(blocks).toContain('feedback_buttons');
    expect(blocks).not.toContain('kompis_send_to_curators');
  });

  test('a DM gets an answer in the DM', async () => {
    const ev = message('Hvordan fungerer pant på lyspærer?', { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    expect(post!.args.channel).toBe('DAGENT001');
    expect(blockText(post!.args)).toContain('5 kroner i pant');
    // the source has a public URL: the citation links to it
    expect(blockText(post!.args)).toContain('<https://lysbutikken.example/pant|');
  });

  test('a follow-up, in a thread Kompis answers or in a DM, is read with the question before it and says so', async () => {
    const asked = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage');
    await h.deliver(eventCallback(message('and what does it need?', { channel: String(asked.channel), channel_type: 'channel', thread_ts: String(asked.ts) })));
    await h.slack.waitForCalls('chat.postMessage', 2);
    const inThread = h.slack.callsOf('chat.postMessage')[1]!;
    expect(inThread.args.thread_ts).toBe(asked.ts);
    expect(blockText(inThread.args)).toContain('Read together with the question before: “How long is the warranty on LED lamps? and what does it need?”');
    expect(blockText(inThread.args)).toContain('Warranty on LED lamps');

    // in a DM the person's next message goes on from their last question, threaded or not
    await h.deliver(eventCallback(message('Hvordan fungerer pant på lyspærer?', { channel: 'DAGENT001', channel_type: 'im' })));
    await h.slack.waitForCalls('chat.postMessage', 3);
    await h.deliver(eventCallback(message('hvorfor?', { channel: 'DAGENT001', channel_type: 'im' })));
    await h.slack.waitForCalls('chat.postMessage', 4);
    expect(blockText(h.slack.callsOf('chat.postMessage')[3]!.args)).toContain('Lest sammen med spørsmålet før: «Hvordan fungerer pant på lyspærer? hvorfor?»');

    // and in the thread of Kompis's answer to a DM, where Slack's assistant view delivers it
    const dm = message('Hvor lenge er garantien på LED-pærer?', { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(dm));
    await h.slack.waitForCalls('chat.postMessage', 5);
    await h.deliver(eventCallback(message('og hva krever den?', { channel: 'DAGENT001', channel_type: 'im', thread_ts: String(dm.ts) })));
    await h.slack.waitForCalls('chat.postMessage', 6);
    expect(blockText(h.slack.callsOf('chat.postMessage')[5]!.args)).toContain('Lest sammen med spørsmålet før: «Hvor lenge er garantien på LED-pærer? og hva krever den?»');
  });

  test('an out-of-scope question gets the abstention with the curator button, and the button posts to the curators', async () => {
    const ev = mention('What is the capital of Peru?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    const blocks = post!.args.blocks as { block_id?: string; elements?: { action_id?: string; value?: string }[] }[];
    expect(blockText(post!.args)).toContain('not in the knowledge store');
    const button = blocks.find((b) => b.block_id === 'kompis_curators')?.elements?.[0];
    expect(button?.action_id).toBe('kompis_send_to_curators');
    await eventually(async () => expect((await h.store.curation.latestUnanswered(10)).total).toBe(1));

    const answerTs = '1800000000.000001';
    await h.interact(blockAction({ action_id: 'kompis_send_to_curators', type: 'button', value: button!.value }, { channel: String(ev.channel), messageTs: answerTs, threadTs: String(ev.ts), blocks }));
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').some((c) => c.args.channel === CURATORS), 5000, 'curator post');
    const curatorPost = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === CURATORS)!;
    expect(blockText(curatorPost.args)).toContain('What is the capital of Peru?');
    await h.slack.waitForCalls('chat.update');
    expect(JSON.stringify(h.slack.callsOf('chat.update')[0]!.args.blocks)).not.toContain('kompis_send_to_curators');
    expect((await h.store.curation.latestUnanswered(10)).total).toBe(1);
  });

  test('a press of "Send to the curators" whose post failed is not confirmed, and the next press sends it', async () => {
    const value = JSON.stringify({ q: 'What is the capital of Peru?', l: 'en', ts: '1700000000.000300' });
    const press = () => h.interact(blockAction({ action_id: 'kompis_send_to_curators', type: 'button', value }, { messageTs: '1800000000.000003', threadTs: '1700000000.000300' }));
    const toCurators = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CURATORS);
    h.slack.inject('chat.postMessage', { error: 'channel_not_found' });
    await press();
    await h.slack.waitFor(() => toCurators().length === 1, 5000, 'the failed curator post');
    await eventually(() => expect(h.logger.lines.some((l) => l.level === 'error')).toBe(true));
    expect(h.slack.callsOf('chat.update')).toHaveLength(0);

    await press();
    await h.slack.waitForCalls('chat.update');
    expect(toCurators()).toHaveLength(2);
    expect(blockText(h.slack.callsOf('chat.update')[0]!.args)).toContain('curators');
  });

  test('the same event delivered three times gets one answer', async () => {
    const body = eventCallback(mention('How long is the warranty on LED lamps?'));
    await Promise.all([h.deliver(body), h.deliver(body, 1), h.deliver(body, 2)]);
    await h.slack.waitForCalls('chat.postMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('the mention and the message event of one message give one answer', async () => {
    const ev = mention('How long is the warranty on LED lamps?', { channel: 'CTEAM0001' });
    await h.deliver(eventCallback(ev));
    await h.deliver(eventCallback({ ...ev, type: 'message', channel_type: 'channel' }));
    await h.slack.waitForCalls('chat.postMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('a follow-up in a thread Kompis answered is answered without a mention; other threads are left alone', async () => {
    const ev = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    await h.deliver(eventCallback(message('What proof of purchase does the warranty need?', { channel: String(ev.channel), channel_type: 'channel', thread_ts: String(ev.ts) })));
    await h.slack.waitForCalls('chat.postMessage', 2);
    expect(blockText(h.slack.callsOf('chat.postMessage')[1]!.args)).toContain('receipt');
    await h.deliver(eventCallback(message('How long is the warranty on LED lamps?', { channel: 'COTHER001', channel_type: 'channel', thread_ts: nextTs() })));
    await h.deliver(eventCallback(message('How long is the warranty on LED lamps?', { channel: 'COTHER001', channel_type: 'channel' })));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(2);
  });

  test('in a thread Kompis answers, what colleagues say to each other is left alone: a message to someone else, "ok", "lol"; a question there is answered', async () => {
    const ev = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const inThread = (text: string) => message(text, { channel: String(ev.channel), channel_type: 'channel', thread_ts: String(ev.ts), user: 'UCOLLEAGUE1' });
    for (const text of ['<@UKARI0001> can you check this with the store manager before we reply?', 'ok', 'lol :joy:', 'takk!']) await h.deliver(eventCallback(inThread(text)));
    await new Promise((r) => setTimeout(r, 400));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect((await h.store.curation.latestUnanswered(10)).total).toBe(0);
    await h.deliver(eventCallback(inThread('and what proof of purchase does it need')));
    await h.slack.waitForCalls('chat.postMessage', 2);
    expect(blockText(h.slack.callsOf('chat.postMessage')[1]!.args)).toContain('receipt');
  });

  test('a DM that mentions Kompis is answered once: Slack sends no app_mention for a DM', async () => {
    await h.deliver(eventCallback(message(`<@${BOT_USER_ID}> How long is the warranty on LED lamps?`)));
    await h.slack.waitForCalls('chat.postMessage');
    expect(blockText(h.slack.callsOf('chat.postMessage')[0]!.args)).toMatch(/warrant|garanti/i);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  test('a question sent with a file, and a thread reply also sent to the channel, are answered as any message', async () => {
    // a DM with a screenshot attached: Slack sends it with the subtype file_share and the files beside the text
    await h.deliver(eventCallback({ ...message('How long is the warranty on LED lamps?'), subtype: 'file_share', files: [{ id: 'F0SHOT001', name: 'screenshot.png', mimetype: 'image/png' }], upload: false }));
    await h.slack.waitForCalls('chat.postMessage');
    expect(blockText(h.slack.callsOf('chat.postMessage')[0]!.args)).toMatch(/warrant|garanti/i);
    const ev = mention('How long is the warranty on LED lamps?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage', 2);
    const reply = message('What proof of purchase does the warranty need?', { channel: String(ev.channel), channel_type: 'channel', thread_ts: String(ev.ts) });
    await h.deliver(eventCallback({ ...reply, subtype: 'thread_broadcast', root: { type: 'message', ts: String(ev.ts), thread_ts: String(ev.ts), text: 'How long is the warranty on LED lamps?' } }));
    await h.slack.waitForCalls('chat.postMessage', 3);
    expect(blockText(h.slack.callsOf('chat.postMessage')[2]!.args)).toContain('receipt');
  });

  test('a forwarded question is answered: Slack sends the forwarded message as a shared attachment, the text empty or a comment', async () => {
    const shared = (text: string) => ({ is_share: true, is_msg_unfurl: true, text, fallback: `[June 2nd, 2026 9:14 AM] kari: ${text}`, author_id: 'UKARI0001', author_subname: 'kari', channel_id: 'CKUNDE001', footer: 'Posted in #kundeservice', ts: '1780000000.000100', from_url: 'https://nordic.slack.com/archives/CKUNDE001/p1780000000000100', mrkdwn_in: ['text'] });
    // forwarded to Kompis's DM with nothing added
    await h.deliver(eventCallback({ ...message(''), attachments: [shared('How long is the warranty on LED lamps?')] }));
    await h.slack.waitForCalls('chat.postMessage');
    expect(blockText(h.slack.callsOf('chat.postMessage')[0]!.args)).toContain('five-year warranty');
    // forwarded to a channel, with a comment that mentions Kompis
    await h.deliver(eventCallback({ ...mention('can you answer this one?'), attachments: [shared('What proof of purchase does the warranty need?')] }));
    await h.slack.waitForCalls('chat.postMessage', 2);
    expect(blockText(h.slack.callsOf('chat.postMessage')[1]!.args)).toContain('receipt');
    // forwarded with nothing added and no text of its own at all
    const withoutText: Record<string, unknown> = { ...message(''), ts: '1780000000.000900', attachments: [shared('How long is the warranty on LED lamps?')] };
    delete withoutText.text;
    await h.deliver(eventCallback(withoutText));
    await h.slack.waitForCalls('chat.postMessage', 3);
    expect(blockText(h.slack.callsOf('chat.postMessage')[2]!.args)).toContain('five-year warranty');
    // a link preview is no forwarded message: a message of a link alone asks nothing of it
    await h.deliver(eventCallback({ ...message('<https://example.com/led>'), ts: '1780000000.000950', attachments: [{ from_url: 'https://example.com/led', title: 'How long is the warranty on LED lamps?', text: 'How long is the warranty on LED lamps?' }] }));
    await h.slack.waitForCalls('chat.postMessage', 4);
    expect(blockText(h.slack.callsOf('chat.postMessage')[3]!.args)).not.toContain('five-year warranty');
  });

  test('own messages, other bots, edits and deletions are ignored', async () => {
    await h.deliver(eventCallback(message('How long is the warranty on LED lamps?', { bot_id: 'BOTHER001' })));
    await h.deliver(eventCallback({ ...message('x'), subtype: 'message_changed', message: { text: 'How long is the warranty on LED lamps?' } }));
    await h.deliver(eventCallback({ ...message('x'), subtype: 'message_deleted' }));
    await h.deliver(eventCallback({ ...message('How long is the warranty on LED lamps?'), user: BOT_USER_ID }));
    await h.deliver(eventCallback({ ...message('How long is the warranty on LED lamps?', { bot_id: 'BKOMPIS01' }), subtype: 'bot_message' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  test('an edited message is answered if it was not answered as written (a mention added, a DM Kompis missed), and its answer updated if it was', async () => {
    // in a channel, a question Kompis was not mentioned in, then edited to mention it: answered in its thread
    const chatter = message('How long is the warranty on LED lamps?', { channel: 'CTEAM0001', channel_type: 'channel' });
    await h.deliver(eventCallback(chatter));
    await h.deliver(eventCallback(edit(chatter, `<@${BOT_USER_ID}> How long is the warranty on LED lamps?`)));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'CTEAM0001', thread_ts: chatter.ts });
    expect(blockText(post!.args)).toContain('five-year warranty');
    // a DM answered as written, then edited: its answer updated, not posted again
    const asked = message('How long is the warranty on LED lamps?', { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(asked));
    await h.slack.waitForCalls('chat.postMessage', 2);
    await h.deliver(eventCallback(edit(asked, 'How long is the warranty on LED lamps, and what proof does it need?')));
    // Slack's own change of a message (a link preview) with the words as they were asks nothing
    const linked = message('<https://example.com/led>', { channel: 'DAGENT001', channel_type: 'im' });
    const preview = edit(linked, '<https://example.com/led>');
    delete (preview.message as { edited?: unknown }).edited;
    await h.deliver(eventCallback(preview));
    // an old message edited hours later, past what Kompis remembers of it, is left alone
    const old = message('What proof of purchase does the warranty need?', { channel: 'DAGENT001', channel_type: 'im', ts: '1780000000.000100' });
    await h.deliver(eventCallback(edit(old, 'What proof of purchase does the LED warranty need?', '1780030000.000100')));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(2);
    expect(h.slack.callsOf('chat.update')).toHaveLength(1);
    // an edit of a DM Kompis never had as written (it was down) is answered, once however often it is edited: the next edit updates the answer
    const missed = message('What proof of purchase does the warranty need?', { channel: 'DAGENT001', channel_type: 'im' });
    await h.deliver(eventCallback(edit(missed, 'What proof of purchase does the LED warranty need?')));
    await h.deliver(eventCallback(edit(missed, 'What proof of purchase does the LED lamp warranty need?')));
    await h.slack.waitForCalls('chat.update', 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(3);
    expect(blockText(h.slack.callsOf('chat.postMessage')[2]!.args)).toContain('receipt');
    expect(h.slack.callsOf('chat.update')).toHaveLength(2);
  });

  test('a message carrying <!channel> is rendered harmless', async () => {
    // Slack escapes what the user typed; <!channel> is the real @channel mention
    const ev = mention('<!channel> What is &lt;b&gt;the capital&lt;/b&gt; of Peru &amp; Chile?');
    await h.deliver(eventCallback(ev));
    await h.slack.waitForCalls('chat.postMessage');
    const [post] = h.slack.callsOf('chat.postMessage');
    const blocks = post!.args.blocks as { block_id?: string; elements?: { value?: string }[] }[];
    const value = blocks.find((b) => b.block_id === 'kompis_curators')!.elements![0]!.value;
    await h.interact(blockAction({ action_id: 'kompis_send_to_curators', type: 'button', value }, { channel: String(ev.channel), messageTs: '1800000000.000001', threadTs: String(ev.ts), blocks }));
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').some((c) => c.args.channel === CURATORS), 5000, 'curator post');
    const curatorPost = h.slack.callsOf('chat.postMessage').find((c) => c.args.channel === CURATORS)!;
    const all = `${String(curatorPost.args.text)} ${blockText(curatorPost.args)}`;
    expect(all).not.toContain('<!channel>');
    expect(all).not.toMatch(/<b>|<!/);
    expect(all).toContain('&lt;b&gt;the capital&lt;/b&gt; of Peru &amp; Chile');
  });
});
