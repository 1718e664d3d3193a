import { refusal } from './block-kit-limits';
import { FakeSlack } from './fake-slack';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (over: Record<string, unknown> = {}) => ({ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, value: 'v', ...over });
const option = (text: string, value = 'v') => ({ text: { type: 'plain_text', text }, value });
const modal = (over: Record<string, unknown> = {}) => ({ type: 'modal', title: { type: 'plain_text', text: 'Title' }, blocks: [section('hi')], ...over });

/** The fake Slack's documented limits: each at its limit is taken, one past it refused with Slack's words and a pointer to it. */
describe('the fake Slack refuses what Slack documents it refuses', () => {
  const message = (blocks: unknown[]) => refusal('chat.postMessage', { blocks });
  const view = (v: unknown) => refusal('views.open', { view: v });

  test.each([
    ['50 blocks', Array.from({ length: 50 }, () => section('a')), undefined],
    ['51 blocks', Array.from({ length: 51 }, () => section('a')), '[ERROR] no more than 50 items allowed [json-pointer:/blocks]'],
    ['a text of 3,000', [section('a'.repeat(3000))], undefined],
    ['a text of 3,001', [section('a'.repeat(3001))], '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
    ['an empty text', [section('')], '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    ['3,000 emoji (characters, not UTF-16 units)', [section('🌱'.repeat(3000))], undefined],
    ['a header of 151', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]'],
    ['11 fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }], '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]'],
    ['a field of 2,001', [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }], '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]'],
    ['11 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }], '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]'],
    ['26 actions', [{ type: 'actions', elements: Array.from({ length: 26 }, () => button()) }], '[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]'],
    ['a button text of 76', [{ type: 'actions', elements: [button({ text: { type: 'plain_text', text: 'b'.repeat(76) } })] }], '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'],
    ['a button value of 2,001', [{ type: 'actions', elements: [button({ value: 'v'.repeat(2001) })] }], '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]'],
    ['an action_id of 256', [{ type: 'actions', elements: [button({ action_id: 'a'.repeat(256) })] }], '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]'],
    ['a block_id of 256', [{ ...section('s'), block_id: 'b'.repeat(256) }], '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]'],
    [
      'a feedback value of 2,001',
      [{ type: 'context_actions', elements: [{ type: 'feedback_buttons', positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'v'.repeat(2001) }, negative_button: { text: { type: 'plain_text', text: '👎' }, value: 'n' } }] }],
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/positive_button/value]',
    ],
    ['an image alt_text of 2,001', [{ type: 'image', image_url: 'https://x.example/i.png', alt_text: 'a'.repeat(2001) }], '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/alt_text]'],
  ])('a message with %s', (_, blocks, error) => {
    const refused = message(blocks);
    if (error === undefined) expect(refused).toBeUndefined();
    else expect(refused).toEqual({ error: 'invalid_blocks', messages: [error] });
  });

  test.each([
    ['100 blocks', modal({ blocks: Array.from({ length: 100 }, () => section('a')) }), undefined],
    ['101 blocks', modal({ blocks: Array.from({ length: 101 }, () => section('a')) }), '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'],
    ['a title of 25', modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }), '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
    ['a submit of 25', modal({ submit: { type: 'plain_text', text: 's'.repeat(25) } }), '[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]'],
    ['private_metadata of 3,001', modal({ private_metadata: 'm'.repeat(3001) }), '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]'],
    [
      'an input label of 2,001',
      modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'l'.repeat(2001) }, element: { type: 'plain_text_input', action_id: 'v' } }] }),
      '[ERROR] must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]',
    ],
    [
      'an input max_length of 3,001',
      modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'l' }, element: { type: 'plain_text_input', action_id: 'v', max_length: 3001 } }] }),
      '[ERROR] must be between 1 and 3000 [json-pointer:/view/blocks/0/element/max_length]',
    ],
    [
      'an option text of 76',
      modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'l' }, element: { type: 'static_select', action_id: 'v', options: [option('o'.repeat(76))] } }] }),
      '[ERROR] must be less than 76 characters [json-pointer:/view/blocks/0/element/options/0/text/text]',
    ],
    [
      'an initial option value of 151',
      modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'l' }, element: { type: 'radio_buttons', action_id: 'v', options: [option('o')], initial_option: option('o', 'v'.repeat(151)) } }] }),
      '[ERROR] must be less than 151 characters [json-pointer:/view/blocks/0/element/initial_option/value]',
    ],
    [
      '11 radio buttons',
      modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'l' }, element: { type: 'radio_buttons', action_id: 'v', options: Array.from({ length: 11 }, (_, i) => option(String(i))) } }] }),
      '[ERROR] no more than 10 items allowed [json-pointer:/view/blocks/0/element/options]',
    ],
  ])('a modal with %s', (_, v, error) => {
    const refused = view(v);
    if (error === undefined) expect(refused).toBeUndefined();
    else expect(refused).toEqual({ error: 'invalid_arguments', messages: [error] });
  });

  test('a Home tab takes 100 blocks, not 101', () => {
    const home = (n: number) => ({ type: 'home', blocks: Array.from({ length: n }, () => section('a')) });
    expect(refusal('views.publish', { view: home(100) })).toBeUndefined();
    expect(refusal('views.publish', { view: home(101) })?.error).toBe('invalid_arguments');
  });

  test("a message's blocks hold at most 12,000 characters of text in all, each within its own limit", () => {
    const blocks = (n: number) => Array.from({ length: n }, () => section('a'.repeat(3000)));
    expect(refusal('chat.postMessage', { blocks: blocks(4) })).toBeUndefined();
    expect(refusal('chat.postMessage', { blocks: [...blocks(4), section('a')] })?.error).toBe('msg_blocks_too_long');
    expect(refusal('chat.update', { blocks: blocks(5) })?.error).toBe('msg_blocks_too_long');
    expect(refusal('views.publish', { view: { type: 'home', blocks: blocks(5) } })).toBeUndefined();
  });

  test('every method that carries blocks is checked; others are not', () => {
    const blocks = [section('a'.repeat(3001))];
    for (const method of ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.stopStream', 'respond', 'ack']) expect(refusal(method, { blocks })?.error).toBe('invalid_blocks');
    expect(refusal('conversations.history', { blocks })).toBeUndefined();
    expect(refusal('chat.postMessage', { text: 'no blocks' })).toBeUndefined();
  });
});

describe('the fake Slack answers as Slack does', () => {
  const slack = new FakeSlack();
  let api = '';
  beforeAll(async () => {
    api = await slack.start();
  });
  afterAll(() => slack.stop());
  const call = async (method: string, body: Record<string, unknown>) => {
    const res = await fetch(`${api}${method}`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  };

  test('a refused message or view is not posted, and the refusal is recorded with its reasons', async () => {
    expect(await call('chat.postMessage', { channel: 'C1', text: 't', blocks: [section('')] })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(await call('views.publish', { user_id: 'U1', view: { type: 'home', blocks: Array.from({ length: 101 }, () => section('a')) } })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(slack.posted).toHaveLength(0);
    expect(slack.refusals.map((r) => r.method)).toEqual(['chat.postMessage', 'views.publish']);
  });

  test('a response_url refuses invalid blocks as an incoming webhook does: HTTP 400, invalid_blocks', async () => {
    const res = await fetch(slack.responseUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 't', blocks: [section('a'.repeat(3001))] }) });
    expect([res.status, await res.text()]).toEqual([400, 'invalid_blocks']);
  });

  test("a message's text over 40,000 characters is posted cut, with Slack's warning", async () => {
    const answer = await call('chat.postMessage', { channel: 'C2', text: `${'a'.repeat(39_999)}😀😀` });
    expect(answer).toMatchObject({ ok: true, warning: 'message_truncated', response_metadata: { warnings: ['message_truncated'] } });
    expect(slack.posted.find((p) => p.channel === 'C2')?.text).toBe(`${'a'.repeat(39_999)}😀`);
  });
});
