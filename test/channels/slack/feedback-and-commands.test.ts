import { blockAction, eventCallback, mention, reasonValues, slashCommand, viewSubmission } from '../../fakes/slack/payloads';
import { eventually, startHarness, type Harness } from './harness';

const ANSWER = 'slack:CTEAM0001:1800000000.000001';

describe.each(['socket', 'http'] as const)('feedback and /kompis over %s', (mode) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(mode);
  });
  afterEach(async () => {
    await h.close();
  });

  /** Every feedback row the store holds. */
  const rows = async () => (await h.store.exportAll()).feedback;
  const feedback = (value: string) => blockAction({ action_id: 'kompis_feedback', type: 'feedback_buttons', value }, { messageTs: '1800000000.000001', threadTs: '1700000000.000100' });

  test('👍 is stored and thanked for', async () => {
    await h.interact(feedback('up:en'));
    await h.slack.waitForCalls('chat.postEphemeral');
    expect(await rows()).toMatchObject([{ vote: 'up', lang: 'en', answerId: ANSWER }]);
  });

  test('👎 is stored, asks an optional reason in a modal, and the reason is kept', async () => {
    await h.interact(feedback('down:sv'));
    await h.slack.waitForCalls('views.open');
    const view = h.slack.callsOf('views.open')[0]!.args.view as { callback_id: string; private_metadata: string; title: { text: string } };
    expect(view.title.text).toBe('Vad var fel?');
    expect(await rows()).toMatchObject([{ vote: 'down' }]);

    await h.interact(viewSubmission(view, reasonValues('Källan är gammal')));
    // the reason replaces the 👎 stored at the click: one row per answer and voter
    await eventually(async () => expect(await rows()).toMatchObject([{ vote: 'down', reason: 'Källan är gammal', lang: 'sv' }]));
    expect(await rows()).toHaveLength(1);
  });

  test('feedback on an answer is stored with the passages the answer cited, also when 👎 gets a reason', async () => {
    await h.deliver(eventCallback(mention('How long is the warranty on LED lamps?')));
    await h.slack.waitForCalls('chat.postMessage');
    const answer = h.slack.callsOf('chat.postMessage')[0]!.args;
    const buttons = (answer.blocks as { block_id?: string; elements?: { positive_button: { value: string }; negative_button: { value: string } }[] }[]).find((b) => b.block_id === 'kompis_feedback')!.elements![0]!;
    const cited = ['en/warranty.md#how-long-led-lamps-are-covered'];

    await h.interact(feedback(buttons.positive_button.value));
    await eventually(async () => expect(await rows()).toMatchObject([{ vote: 'up', lang: 'en', passageIds: cited }]));

    await h.interact(feedback(buttons.negative_button.value));
    await h.slack.waitForCalls('views.open');
    const view = h.slack.callsOf('views.open')[0]!.args.view as { callback_id: string; private_metadata: string };
    await h.interact(viewSubmission(view, reasonValues('Wrong lamp')));
    await eventually(async () => expect(await rows()).toMatchObject([{ vote: 'down', reason: 'Wrong lamp', passageIds: cited }]));
    expect(await rows()).toHaveLength(1);
  });

  test('/kompis help lists the subcommands; an unknown one says so', async () => {
    h.slack.locales.UCURATOR1 = 'en-GB';
    const help = JSON.stringify(await h.command(slashCommand('help')));
    expect(help).toContain('/kompis help');
    expect(help).toContain('/kompis unanswered');
    expect(help).toContain('ephemeral');
    const unknown = JSON.stringify(await h.command(slashCommand('dance <!channel>')));
    expect(unknown).toContain('I do not know that command: \\"dance\\"');
  });

  test('/kompis unanswered lists the open questions, escaped', async () => {
    h.slack.locales.UCURATOR1 = 'en-GB';
    expect(JSON.stringify(await h.command(slashCommand('unanswered')))).toContain('No unanswered questions');
    await h.deliver(eventCallback(mention('What is the capital of Peru &amp; &lt;Chile&gt;?')));
    await eventually(async () => expect((await h.store.curation.latestUnanswered(5)).total).toBe(1));
    const list = JSON.stringify(await h.command(slashCommand('unanswered')));
    expect(list).toContain('Unanswered questions (1)');
    expect(list).toContain('What is the capital of Peru &amp; &lt;Chile&gt;?');
    // with why Kompis abstained, for the curators
    const { why } = (await h.store.curation.latestUnanswered(1)).items[0]!;
    expect(why).toBeTruthy();
    expect(list).toContain(`— ${why!}`);
  });
});
