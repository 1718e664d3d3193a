import type { FrontMatter, Passage } from './document';
import { paragraphSentences } from './text';

/**
 * A markdown body's lines, each with the heading it is, if any. A heading is written three ways: with
 * `#` marks; as a line underlined with `===` (a title) or `---` (a section), the setext form older
 * wikis export; or, as many authors mark a section, as a short bold line standing alone
 * (`**Returns in Sweden**`). A `#` inside a code fence is none.
 */
function lines(body: string): { line: string; heading?: Heading }[] {
  const raw = body.split(/\r?\n/);
  const out: { line: string; heading?: Heading }[] = [];
  let inFence = false;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const fence = FENCE.test(line);
    if (fence) inFence = !inFence;
    const afterBlank = i === 0 || raw[i - 1]!.trim() === '';
    const atx = inFence ? null : HEADING.exec(line);
    const underlined = !inFence && !fence && isTextLine(line) && (afterBlank || out.at(-1)?.heading !== undefined);
    const underline = underlined ? SETEXT_UNDERLINE.exec(raw[i + 1] ?? '') : null;
    // a bold line is a heading where it stands apart, as a label: not under another heading (a
    // sub-label of its section), and not a statement (it ends a sentence, runs long, or gives a figure)
    const bold = inFence || !afterBlank ? null : BOLD_LINE.exec(line)?.[1]?.trim().replace(/:$/, '');
    if (atx) out.push({ line, heading: { level: atx[1]!.length, text: cleanInline(atx[2]!) } });
    else if (underline) {
      out.push({ line, heading: { level: underline[1]!.startsWith('=') ? 1 : 2, text: cleanInline(line.trim()) } });
      i++;
    } else if (bold && isLabel(bold)) out.push({ line, heading: { level: 3, text: cleanInline(bold), bold: true } });
    else out.push({ line });
  }
  return out;
}

/** A heading's level, 1 for a title; a bold line has none of its own (it may name a section or a part of one). */
interface Heading {
  level: number;
  text: string;
  bold?: true;
}

const SETEXT_UNDERLINE = /^ {0,3}(=+|-{2,})\s*$/;
/** A line that is all bold, a colon after it allowed. */
const BOLD_LINE = /^\s{0,3}\*\*(?!\s)([^*]+)\*\*:?\s*$/;
/** The most words a bold line may have to stand for a heading; a longer one is a statement in bold. */
const BOLD_HEADING_WORDS = 8;
const FENCE = /^\s*(```|~~~)/;
/** Every code fence line of a text. */
const FENCE_LINES = new RegExp(FENCE.source, 'gm');
/** A line of paragraph text: not blank, not a list item, table row, quote, rule or code fence. */
const isTextLine = (line: string) => line.trim() !== '' && !/^\s*([-*+>|]|\d+[.)]\s)/.test(line) && !/^ {4}/.test(line) && !FENCE.test(line);
/** A short bold text that names what follows: no sentence's end, and no figure beside its words ("2024" alone is a label, "Price: 99 kr" a statement). */
const isLabel = (text: string) =>
  !/[.!?]$/.test(text) && text.split(/\s+/).length <= BOLD_HEADING_WORDS && !(/\p{N}/u.test(text) && /\p{L}/u.test(text));

/** The text of a markdown body's first title heading (`#`, or underlined with `===`), outside code fences. */
export function firstTitle(body: string): string | undefined {
  return lines(body).find((l) => l.heading?.level === 1)?.heading?.text || undefined;
}

/** GitHub-style heading slug: lower case, letters (any script) and digits kept, spaces to hyphens. */
export function slugify(heading: string): string {
  return heading
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/**
 * Splits a markdown body into passages, one per heading after the title (the first `#`), a long
 * section in parts (see `partsOf`). Text before the first such heading (the introduction) becomes a
 * passage under the document's title. Code fences are respected, so a `#` inside one is not a heading.
 */
export function splitPassages(path: string, meta: FrontMatter, body: string): Passage[] {
  const sections: { heading: string; own: string; lines: string[] }[] = [{ heading: meta.title, own: meta.title, lines: [] }];
  // the headings a section sits under: "### Pantesats" under "## Sverige" is about Sweden, as its
  // sister under "## Norge" is about Norway, and is named "Sverige › Pantesats" where it is searched and
  // cited. A bold line is named alone: wikis export a section's heading so as often as a part's
  const above: Heading[] = [];
  let titled = false;
  for (const { line, heading } of lines(body)) {
    // the first H1 is the document's title; a later one starts a section, as a ## does
    if (heading?.level === 1 && !titled) titled = true;
    else if (heading?.bold) sections.push({ heading: heading.text, own: heading.text, lines: [] });
    else if (heading) {
      while (above.length > 0 && above.at(-1)!.level >= heading.level) above.pop();
      sections.push({ heading: [...above.map((h) => h.text), heading.text].join(' › '), own: heading.text, lines: [] });
      above.push(heading);
    } else sections[sections.length - 1]!.lines.push(line);
  }
  const passages: Passage[] = [];
  const parts = sections.flatMap((section, i) => partsOf(section.lines.join('\n').trim()).map((text, part) => ({ heading: section.heading, own: section.own, text, opening: i === 0 && part === 0 })));
  // an id names one passage, by its own heading (a section's id is the same wherever it is moved): a
  // heading repeated, or a long section's parts, are numbered on (scope, scope-2 …) past the slugs the
  // document's headings have, so "## Scope 1" keeps scope-1
  const headingSlugs = new Set(parts.map((p) => slugify(p.own) || 'section'));
  const taken = new Set<string>();
  const next = new Map<string, number>();
  for (const { heading, own, text, opening } of parts) {
    const base = slugify(own) || 'section';
    let slug = base;
    if (taken.has(slug)) {
      let n = next.get(base) ?? 1;
      while (taken.has(`${base}-${n}`) || headingSlugs.has(`${base}-${n}`)) n++;
      slug = `${base}-${n}`;
      next.set(base, n + 1);
    }
    taken.add(slug);
    passages.push({
      id: `${path}#${slug}`,
      path,
      title: meta.title,
      heading,
      text,
      lang: meta.lang,
      tags: meta.tags,
      ...(meta.source ? { source: meta.source } : {}),
      ...(meta.reviewed ? { reviewed: meta.reviewed } : {}),
      ...(opening ? { introduction: true as const } : {}),
    });
  }
  return passages;
}

/**
 * The most words a section may have to be one passage: more than written sections have (the longest
 * in the packs Kompis is measured on has about 220). A longer one (a report exported without
 * headings, a handbook's long chapter) is read in parts.
 */
const MAX_PASSAGE_WORDS = 250;
/** About how many words each part of a long section holds: as many as a long written section. */
const PART_WORDS = 150;

/**
 * A section's text as passages: whole when it is short, as written sections are; a long one in
 * parts of about PART_WORDS words, cut between paragraphs (a table, a list or a code block is one),
 * and a paragraph longer than that between its sentences. A passage is what a question is matched
 * against and a quote chosen from: a whole report in one passage would hold every question's words.
 */
function partsOf(text: string): string[] {
  if (!text) return [];
  if (wordCount(text) <= MAX_PASSAGE_WORDS) return [text];
  // each piece with what joins it to the one before: a paragraph break, or a space within a paragraph
  const pieces = blocksOf(text).flatMap((block) =>
    wordCount(block) > PART_WORDS && block.split('\n').every(isTextLine)
      ? paragraphSentences(block).map((sentence, i) => ({ text: sentence, glue: i === 0 ? '\n\n' : ' ' }))
      : [{ text: block, glue: '\n\n' }],
  );
  const parts: string[] = [];
  let current = '';
  let words = 0;
  for (const { text: piece, glue } of pieces) {
    const n = wordCount(piece);
    if (current && words + n > PART_WORDS) {
      parts.push(current);
      current = '';
      words = 0;
    }
    current = current ? current + glue + piece : piece;
    words += n;
  }
  if (current) parts.push(current);
  return parts;
}

/** A text's blocks, between blank lines; a code block with blank lines in it is one. */
function blocksOf(text: string): string[] {
  const blocks: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const last = blocks.at(-1);
    // a block opened a code fence it did not close: what follows is inside it
    if (last !== undefined && (last.match(FENCE_LINES)?.length ?? 0) % 2 === 1) blocks[blocks.length - 1] = `${last}\n\n${block}`;
    else blocks.push(block);
  }
  return blocks;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * A markdown body's HTML read as its text, outside code: a page exported from a wiki or written by
 * hand carries some (`<br>`, `<details>`, `&nbsp;`), and none of it is for the agents to read. A
 * comment is the author's note to other curators, never a fact to quote, so it goes with its text,
 * as do a script and a style; every other tag goes and leaves its text, a block's tag a line break;
 * entities become their characters. A `<` that opens no tag (`< 5 kg`, `<https://…>`) is text. A
 * wiki's link (`[[Page|text]]`) is read as its text.
 */
export function withoutHtml(body: string): string {
  if (!/[<&]|\[\[/.test(body)) return body;
  // code fences and inline code keep their text as written
  return body
    .split(/(^\s*(?:```|~~~)[^\n]*\n[\s\S]*?(?:^\s*(?:```|~~~)[^\n]*$|(?![\s\S])))/m)
    .map((chunk, i) => (i % 2 === 1 ? chunk : chunk.split(/(`[^`\n]+`)/).map((part, j) => (j % 2 === 1 ? part : htmlAsText(part).replace(WIKI_LINK, wikiLinkText))).join('')))
    .join('');
}

/**
 * A wiki's link, as Obsidian, MediaWiki and Wiki.js export it: `[[Page]]`, `[[Page|what it says]]`,
 * `[[Page#Section]]`. Read as its text, as a markdown link is: the page it names is no word of the sentence.
 */
const WIKI_LINK = /\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+))?\]\]/g;
const wikiLinkText = (_: string, target: string, text?: string) => (text ?? target.replace(/#.*$/, '')).trim();

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HTML_TABLE = /<table\b[^>]*>([\s\S]*?)(?:<\/table\s*>|$)/gi;
const HIDDEN_ELEMENT = /<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const BLOCK_TAG = /<\/?(?:p|div|br|hr|li|ul|ol|tr|table|thead|tbody|details|summary|section|article|blockquote|h[1-6])\b[^<>]*>/gi;
const ANY_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', euro: '€', deg: '°', times: '×' };

function htmlAsText(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return text
    .replace(HTML_COMMENT, '')
    .replace(HIDDEN_ELEMENT, '')
    .replace(HTML_TABLE, (_, inner: string) => `\n\n${tableAsMarkdown(inner)}\n\n`)
    .split('\n')
    // a table row stays one line: a line break in a cell is a space there
    .map((line) => line.replace(BLOCK_TAG, /^\s*\|/.test(line) ? ' ' : '\n'))
    .join('\n')
    .replace(ANY_TAG, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    })
    // the blank lines a block's tags leave are one paragraph break
    .replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, '\n\n');
}

/**
 * An HTML table's rows as a markdown table's, a row a line and its cells between pipes, under a
 * delimiter row when its first row is of header cells: read as a table is, each cell named by its
 * column, where its tags alone taken out would glue its cells into one word ("Fibre93 %").
 */
function tableAsMarkdown(inner: string): string {
  const rows = inner
    .split(/<tr\b[^>]*>/i)
    .slice(1)
    .map((row) => {
      const cells = row.split(/<(t[dh])\b[^>]*>/i);
      const text = cells.filter((_, i) => i > 0 && i % 2 === 0).map((cell) => cell.replace(ANY_TAG, ' ').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|'));
      return { header: cells.filter((_, i) => i % 2 === 1).every((tag) => tag.toLowerCase() === 'th'), text };
    })
    .filter((row) => row.text.length > 0);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return rows.map((row, i) => (i === 0 && row.header ? `${line(row.text)}\n${line(row.text.map(() => '---'))}` : line(row.text))).join('\n');
}

/** Markdown inline markup removed, for headings and quotes shown to people. */
export function cleanInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(\S.*?\S|\S)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}
