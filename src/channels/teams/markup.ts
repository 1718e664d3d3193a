import type { TextMarkup } from '../../core/messages';

/** Teams' own markup in what people write: `<at>Kari Nordmann</at>`, sometimes with attributes. */
export const TEAMS_MARKUP: readonly TextMarkup[] = [{ pattern: /<at(?:\s[^<>]{0,200})?>[^<]{0,200}<\/at>/giu, kind: 'name' }];

const NAMED: Readonly<Record<string, string>> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * What people type as Teams sends it, as the characters they typed: Teams writes a message's text
 * as HTML, with `&nbsp;` after a mention and `&amp;`, `&lt;`, `&#39;` … for what HTML escapes. One
 * pass, so `&amp;lt;` stays the `&lt;` that was typed; an entity Teams does not use is left as it is.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z]{2,6});/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED[name.toLowerCase()] ?? entity;
  });
}
