/**
 * Where text may be cut at `at` (a length in UTF-16 units, as every limit here counts) or just
 * before it, so that no character written as two units (an emoji, a rare letter) is cut in two and
 * shows as a broken sign.
 */
export function cutPoint(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff ? at - 1 : at;
}
