import { BOT_USER_ID } from '../../fakes/slack/fake-slack';
import { eventCallback, mention, nextTs } from '../../fakes/slack/payloads';
import { blockText, startHarness, type Harness } from './harness';

/**
 * What stands in front of a question is not part of it: a colleague's mention, mrkdwn markup,
 * control and invisible characters. Each of these is answered like the plain question.
 */
describe('a question with something in front of it, in Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('socket');
  });
  afterAll(() => h.close());

  it.each([
    ['a colleague mentioned first', '<@UKARI0001> how long is the warranty on LED lamps?'],
    ['two mentions and a channel', '<@UKARI0001|kari> <@UOLA00001> <#CTEAM0001|team> how long is the warranty on LED lamps?'],
    ['bold markup', '*How long is the warranty on LED lamps?*'],
    ['italic and strike markup', '_~How long is the warranty on LED lamps?~_'],
    ['a quote and code', '&gt; `How long is the warranty on LED lamps?`'],
    ['control and invisible characters', '\u0007\u200b\u202eHow long\u0000 is the warranty on LED lamps?\ufeff'],
    // Slack sends each emoji, picked or typed, as its :name: (a skin tone as a second :name: after it)
    ['emoji around it', ':bulb: how long is the warranty on LED lamps? :leaf:'],
    ['emoji after it, one with a skin tone', 'how long is the warranty on LED lamps? :thinking_face: :pray::skin-tone-3:'],
    ['emoji right after the mention', ':wave:how long is the warranty on LED :bulb: lamps? :leaf:'],
  ])('%s', async (_, text) => {
    const ev = { ...mention('x'), text: `<@${BOT_USER_ID}> ${text}`, ts: nextTs() };
    const before = h.slack.callsOf('chat.postMessage').length;
    await h.deliver(eventCallback(ev));
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').slice(before).some((c) => c.args.thread_ts === ev.ts), 5000, 'the answer');
    const answer = h.slack.callsOf('chat.postMessage').slice(before).find((c) => c.args.thread_ts === ev.ts)!;
    expect(blockText(answer.args)).toContain('five-year warranty');
    // answered as the plain question is: from the store, not as its closest match
    expect(blockText(answer.args)).toContain('This is what the knowledge store says');
    expect(blockText(answer.args)).not.toContain('kompis_send_to_curators');
  });
});
