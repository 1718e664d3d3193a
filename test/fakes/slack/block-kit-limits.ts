/**
 * The limits Slack documents for a message's blocks and a view, checked as Slack checks them before
 * it takes a call: one broken limit refuses the whole call. Each kind cites the page that states
 * its limits; of what the pages do not state, only the whole text of a message is enforced
 * (msg_blocks_too_long past 12,000 characters, as Slack's SDK maintainers state it), not an input's
 * initial_value or chat.appendStream's markdown_text.
 */

/** A length (characters of a string, items of an array) or a number's value. */
type Limit = number | { min: number; max: number };

/** Both feedback buttons take the same fields. */
const feedbackButton = (side: 'positive' | 'negative') => ({ [`${side}_button.text.text`]: 75, [`${side}_button.value`]: 2000, [`${side}_button.accessibility_label`]: 75 });

/**
 * Per kind of object (a block's or an element's `type`, or `message`, `option`, `any`), the limit of
 * each field, by its path below the object; `*` is every item of an array.
 */
const LIMITS: Record<string, Record<string, Limit>> = {
  // "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs" (https://docs.slack.dev/reference/block-kit/blocks)
  message: { blocks: 50 },
  // every block's block_id (each block's page) and every element's action_id (each element's page)
  any: { block_id: 255, action_id: 255 },
  // "The minimum length is 1 and maximum length is 3000 characters"
  // (https://docs.slack.dev/reference/block-kit/composition-objects/text-object)
  plain_text: { text: { min: 1, max: 3000 } },
  mrkdwn: { text: { min: 1, max: 3000 } },
  // text 75, value 150, description 75 (https://docs.slack.dev/reference/block-kit/composition-objects/option-object)
  option: { 'text.text': 75, value: 150, 'description.text': 75 },
  // https://docs.slack.dev/reference/block-kit/blocks/header-block
  header: { 'text.text': 150 },
  // https://docs.slack.dev/reference/block-kit/blocks/section-block: text 3000 (the text object's), fields 10 of 2000 each
  section: { fields: 10, 'fields.*.text': 2000 },
  // https://docs.slack.dev/reference/block-kit/blocks/context-block
  context: { elements: 10 },
  // https://docs.slack.dev/reference/block-kit/blocks/actions-block
  actions: { elements: 25 },
  // https://docs.slack.dev/reference/block-kit/blocks/context-actions-block
  context_actions: { elements: 5 },
  // https://docs.slack.dev/reference/block-kit/blocks/input-block
  input: { 'label.text': 2000, 'hint.text': 2000 },
  // https://docs.slack.dev/reference/block-kit/blocks/image-block
  image: { alt_text: 2000, image_url: 3000, 'title.text': 2000 },
  // https://docs.slack.dev/reference/block-kit/block-elements/button-element
  button: { 'text.text': 75, value: 2000, url: 3000, accessibility_label: 75 },
  // https://docs.slack.dev/reference/block-kit/block-elements/feedback-buttons-element
  feedback_buttons: { ...feedbackButton('positive'), ...feedbackButton('negative') },
  // min_length 0–3000, max_length 1–3000 (https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element);
  // a placeholder's text 150 in every element that takes one (https://docs.slack.dev/tools/node-slack-sdk/reference/types/interfaces/Placeholdable)
  plain_text_input: { min_length: { min: 0, max: 3000 }, max_length: { min: 1, max: 3000 }, 'placeholder.text': 150 },
  number_input: { 'placeholder.text': 150 },
  datepicker: { 'placeholder.text': 150 },
  timepicker: { 'placeholder.text': 150 },
  users_select: { 'placeholder.text': 150 },
  multi_users_select: { 'placeholder.text': 150 },
  conversations_select: { 'placeholder.text': 150 },
  // "Maximum number of options is 100" (https://docs.slack.dev/tools/node-slack-sdk/reference/types/interfaces/MultiStaticSelect)
  static_select: { options: 100, 'placeholder.text': 150 },
  multi_static_select: { options: 100, 'placeholder.text': 150 },
  // https://docs.slack.dev/reference/block-kit/block-elements/radio-button-group-element
  radio_buttons: { options: 10 },
  // title, submit and close 24, blocks 100, private_metadata 3000, callback_id 255
  // (https://docs.slack.dev/reference/views/modal-views)
  modal: { 'title.text': 24, 'submit.text': 24, 'close.text': 24, blocks: 100, private_metadata: 3000, callback_id: 255 },
  // any view's blocks 100, private_metadata 3000, callback_id 255 (@slack/types' BaseView, views.d.ts)
  home: { blocks: 100, private_metadata: 3000, callback_id: 255 },
};

/** The fields whose objects are options (they carry no `type` of their own). */
const OPTIONS = new Set(['options', 'initial_options', 'initial_option']);

/**
 * Where each method carries its blocks, and what Slack answers when they break a limit. Messages:
 * `invalid_blocks`, "Blocks submitted with this message are not valid" (the chat methods' error
 * lists); a response_url answers it as an incoming webhook does, HTTP 400 with the word as its body
 * (as reported in github.com/sourcegraph/sourcegraph-public-snapshot/issues/49979). Views:
 * `invalid_arguments`, with messages pointing into /view (a views.open answer quoted in
 * github.com/rtCamp/frappe-slack-connector/issues/54).
 */
const SURFACES: Record<string, { error: 'invalid_blocks' | 'invalid_arguments'; root: (args: Record<string, unknown>) => [unknown, string, string | undefined] }> = {
  'chat.postMessage': { error: 'invalid_blocks', root: (a) => [{ blocks: a.blocks }, '', 'message'] },
  'chat.postEphemeral': { error: 'invalid_blocks', root: (a) => [{ blocks: a.blocks }, '', 'message'] },
  'chat.update': { error: 'invalid_blocks', root: (a) => [{ blocks: a.blocks }, '', 'message'] },
  'chat.stopStream': { error: 'invalid_blocks', root: (a) => [{ blocks: a.blocks }, '', 'message'] },
  respond: { error: 'invalid_blocks', root: (a) => [{ blocks: a.blocks }, '', 'message'] },
  // a slash command's reply in its Socket Mode ack
  ack: { error: 'invalid_blocks', root: (a) => [{ blocks: a.blocks }, '', 'message'] },
  'views.open': { error: 'invalid_arguments', root: (a) => [a.view, '/view', undefined] },
  'views.update': { error: 'invalid_arguments', root: (a) => [a.view, '/view', undefined] },
  'views.push': { error: 'invalid_arguments', root: (a) => [a.view, '/view', undefined] },
  'views.publish': { error: 'invalid_arguments', root: (a) => [a.view, '/view', undefined] },
};

/**
 * What Slack answers a call whose blocks or view break a documented limit: the error, and one
 * message per broken limit as Slack words them (`[ERROR] must be less than 151 characters
 * [json-pointer:/blocks/0/text/text]`). Undefined when Slack takes the call.
 */
export function refusal(method: string, args: Record<string, unknown>): { error: string; messages: string[] } | undefined {
  const surface = SURFACES[method];
  if (!surface) return undefined;
  const messages: string[] = [];
  check(...surface.root(args), messages);
  if (messages.length) return { error: surface.error, messages };
  // the whole of a message's text: not on Slack's pages, but a limit its SDK's maintainers state
  // ("12,000 text characters with a buffer for block containers", slackapi/bolt-js#2509)
  if (surface.error === 'invalid_blocks' && textOf(args.blocks) > MESSAGE_TEXT) return { error: 'msg_blocks_too_long', messages: [] };
  return undefined;
}

const MESSAGE_TEXT = 12_000;

function textOf(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + textOf(item), 0);
  if (typeof node !== 'object' || node === null) return 0;
  return Object.entries(node).reduce((n, [key, value]) => n + (key === 'text' && typeof value === 'string' ? value.length : textOf(value)), 0);
}

function check(node: unknown, pointer: string, kind: string | undefined, out: string[]): void {
  if (Array.isArray(node)) return node.forEach((item, i) => check(item, `${pointer}/${i}`, kind, out));
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const own = kind ?? (typeof o.type === 'string' ? o.type : undefined);
  for (const rules of [LIMITS.any, own ? LIMITS[own] : undefined]) {
    for (const [path, limit] of Object.entries(rules ?? {})) for (const [at, value] of find(o, path.split('.'), pointer)) broken(value, limit, at, out);
  }
  for (const [key, child] of Object.entries(o)) check(child, `${pointer}/${key}`, OPTIONS.has(key) ? 'option' : undefined, out);
}

/** The values at `path` below `o`, each with its JSON pointer. */
function find(o: unknown, path: string[], pointer: string): [string, unknown][] {
  if (path.length === 0) return o === undefined ? [] : [[pointer, o]];
  const [key, ...rest] = path as [string, ...string[]];
  if (key === '*') return Array.isArray(o) ? o.flatMap((item, i) => find(item, rest, `${pointer}/${i}`)) : [];
  if (typeof o !== 'object' || o === null) return [];
  return find((o as Record<string, unknown>)[key], rest, `${pointer}/${key}`);
}

function broken(value: unknown, limit: Limit, at: string, out: string[]): void {
  const { min, max } = typeof limit === 'number' ? { min: 0, max: limit } : limit;
  const where = `[json-pointer:${at}]`;
  if (typeof value === 'number' && (value < min || value > max)) out.push(`[ERROR] must be between ${min} and ${max} ${where}`);
  if (Array.isArray(value) && value.length > max) out.push(`[ERROR] no more than ${max} items allowed ${where}`);
  if (typeof value !== 'string') return;
  const chars = [...value].length;
  if (chars > max) out.push(`[ERROR] must be less than ${max + 1} characters ${where}`);
  if (chars < min) out.push(`[ERROR] must be more than ${min - 1} characters ${where}`);
}

/**
 * The most characters of a message's `text`: Slack posts a longer one cut to this, with a warning
 * (https://api.slack.com/changelog/2018-04-truncating-really-long-messages; chat.postMessage,
 * chat.postEphemeral, response URLs and every other way to post).
 */
export const MESSAGE_TEXT_CHARS = 40_000;

/** The warning Slack answers with a message's `text` it cut, as that changelog shows it. */
export const TRUNCATED = {
  warning: 'message_truncated',
  response_metadata: { warnings: ['message_truncated'], messages: ['[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.'] },
};
