/**
 * A question as typed in a chat, reduced to its words before it is answered: what stands in front
 * of it (a colleague's @mention) and what is not words (markup, control and invisible characters)
 * would otherwise be searched for and can make an answerable question abstain.
 */

/** C0 and C1 controls but tab and newline, zero-width and bidirectional marks, the byte-order mark. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function cleanQuestion(text: string): string {
  return (
    text
      .replace(INVISIBLE, '')
      // quote markers at the start of a line
      .replace(/^[ \t]*>+[ \t]?/gm, '')
      // emphasis, strike-through and code markers around words, not underscores inside them (file_name)
      .replace(/[*~`]+/g, '')
      .replace(/(^|[\s(])_+|_+(?=[\s).,!?:;]|$)/g, '$1')
      // people named before the question: "@Kari @Ola how long …"
      .replace(/^(\s*@[^\s@]+[,:]?)+\s+/, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
