import { z } from 'zod';
import { escapeMrkdwn } from './mrkdwn';

/**
 * A message's `rich_text` blocks (docs.slack.dev, "Rich text block"): what Slack's composer writes,
 * and all some clients and apps send, with `text` empty or left out. Only the fields read here are
 * checked; an element of another kind is skipped.
 */
const Leaf = z.looseObject({
  type: z.string(),
  text: z.string().optional().catch(undefined),
  url: z.string().optional().catch(undefined),
  user_id: z.string().optional().catch(undefined),
  channel_id: z.string().optional().catch(undefined),
  usergroup_id: z.string().optional().catch(undefined),
  range: z.string().optional().catch(undefined),
  name: z.string().optional().catch(undefined),
  fallback: z.string().optional().catch(undefined),
});
type Leaf = z.infer<typeof Leaf>;

/** A section, list, quote or preformatted text: a list's elements are sections, the others' are leaves. */
const Part = z.looseObject({
  type: z.string(),
  style: z.string().optional().catch(undefined),
  elements: z.array(Leaf.extend({ elements: z.array(Leaf).optional().catch(undefined) })).catch([]),
});
type Part = z.infer<typeof Part>;

const RichTextBlock = z.looseObject({ type: z.literal('rich_text'), elements: z.array(Part).catch([]) });

/** A message's blocks, as the events carry them; only its rich_text blocks are read. */
export const MessageBlocks = z.array(z.unknown()).optional().catch(undefined);

/**
 * The rich_text blocks of a message as Slack writes the same message's `text`: mentions as `<@U…>`,
 * channels as `<#C…>`, links as `<url|label>`, emoji as `:name:`, everything else escaped; a
 * section, list item, quote line or code block on a line of its own. So it goes through the same
 * reading as `text`: Kompis's mention removed, another person's mention seen.
 */
export function richTextOf(blocks: unknown[] | undefined): string {
  const lines: string[] = [];
  for (const block of blocks ?? []) {
    const parsed = RichTextBlock.safeParse(block);
    if (parsed.success) for (const part of parsed.data.elements) lines.push(...partLines(part));
  }
  return lines.join('\n').trim();
}

function partLines(part: Part): string[] {
  switch (part.type) {
    case 'rich_text_section':
      return [inline(part.elements)];
    case 'rich_text_quote':
      return inline(part.elements)
        .split('\n')
        .map((line) => `&gt; ${line}`);
    case 'rich_text_preformatted':
      return [`\`\`\`${inline(part.elements)}\`\`\``];
    case 'rich_text_list':
      return part.elements.map((item, i) => `${part.style === 'ordered' ? `${i + 1}.` : '•'} ${inline(item.elements ?? [])}`);
    default:
      return [];
  }
}

function inline(elements: Leaf[]): string {
  return elements.map(leaf).join('').replace(/\n+$/, '');
}

function leaf(e: Leaf): string {
  switch (e.type) {
    case 'text':
      return escapeMrkdwn(e.text ?? '');
    case 'link':
      return e.url ? `<${e.url.replace(/[<>|]/g, (c) => encodeURIComponent(c))}${e.text ? `|${escapeMrkdwn(e.text).replace(/\|/g, '¦')}` : ''}>` : escapeMrkdwn(e.text ?? '');
    case 'user':
      return e.user_id ? `<@${e.user_id}>` : '';
    case 'channel':
      return e.channel_id ? `<#${e.channel_id}>` : '';
    case 'usergroup':
      return e.usergroup_id ? `<!subteam^${e.usergroup_id}>` : '';
    case 'broadcast':
      return e.range ? `<!${e.range}>` : '';
    case 'emoji':
      return e.name ? `:${e.name}:` : '';
    case 'date':
      return escapeMrkdwn(e.fallback ?? '');
    default:
      return '';
  }
}
