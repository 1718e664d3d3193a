/** Where one character as a reader sees it ends and the next begins (Unicode's grapheme clusters). */
const characters = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How far before a cut its character's start is looked for: farther than any emoji sequence reaches. */
const REACH = 64;

/**
 * Where text may be cut at `at` (a length in UTF-16 units, as every limit here counts) or just
 * before it, so that no character is cut in two and shows broken: not one written as two units (an
 * emoji, a rare letter), nor one made of several (a flag, a family, a skin tone, a keycap, a letter
 * with its accent). Only a character that starts the text and runs past `at`, or is longer than
 * REACH, is cut inside, between two of its code points, so that a cut always moves on.
 */
export function cutPoint(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
  const whole = wholeCodePoint(text, at);
  let from = wholeCodePoint(text, Math.max(0, at - REACH));
  // flags are letters read in pairs from the start of their run: the look starts before the run
  while (from >= 2 && isRegionalIndicator(text.codePointAt(from - 2))) from -= 2;
  let cut = from;
  for (const { index } of characters.segment(text.slice(from, at + 2))) {
    if (from + index > at) break;
    cut = from + index;
  }
  return cut > 0 ? cut : whole;
}

/** `at`, or one before it when `at` falls between the two units of one code point. */
function wholeCodePoint(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff ? at - 1 : at;
}

function isRegionalIndicator(codePoint: number | undefined): boolean {
  return codePoint !== undefined && codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff;
}
