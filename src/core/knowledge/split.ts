import type { FrontMatter, Passage } from './document';

/** A markdown body's lines, each with the heading it is, if any: a `#` inside a code fence is none. */
function lines(body: string): { line: string; heading?: { level: number; text: string } }[] {
  let inFence = false;
  return body.split(/\r?\n/).map((line) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : HEADING.exec(line);
    return match ? { line, heading: { level: match[1]!.length, text: cleanInline(match[2]!) } } : { line };
  });
}

/** The text of a markdown body's first `#` heading, outside code fences. */
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
 * Splits a markdown body into passages, one per heading after the title (the first `#`). Text
 * before the first such heading (the introduction) becomes a passage under the document's title.
 * Code fences are respected, so a `#` inside one is not a heading.
 */
export function splitPassages(path: string, meta: FrontMatter, body: string): Passage[] {
  const sections: { heading: string; lines: string[] }[] = [{ heading: meta.title, lines: [] }];
  let titled = false;
  for (const { line, heading } of lines(body)) {
    // the first H1 is the document's title; a later one starts a section, as a ## does
    if (heading?.level === 1 && !titled) titled = true;
    else if (heading) sections.push({ heading: heading.text, lines: [] });
    else sections[sections.length - 1]!.lines.push(line);
  }
  const used = new Map<string, number>();
  const passages: Passage[] = [];
  for (const section of sections) {
    const text = section.lines.join('\n').trim();
    if (!text) continue;
    const base = slugify(section.heading) || 'section';
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    const slug = seen === 0 ? base : `${base}-${seen}`;
    passages.push({
      id: `${path}#${slug}`,
      path,
      title: meta.title,
      heading: section.heading,
      text,
      lang: meta.lang,
      tags: meta.tags,
      ...(meta.source ? { source: meta.source } : {}),
      ...(meta.reviewed ? { reviewed: meta.reviewed } : {}),
    });
  }
  return passages;
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
