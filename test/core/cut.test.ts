import { cutPoint } from '../../src/core/cut';

describe('cutPoint: a cut never leaves half a character', () => {
  // each a character a reader sees as one, written with several code points
  const CHARACTERS = {
    flag: '🇳🇴',
    family: '👨‍👩‍👧',
    'skin tone': '👍🏽',
    keycap: '1️⃣',
    'rainbow flag': '🏳️‍🌈',
    'subdivision flag': '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
    'letter with its accent': 'e\u0301',
    'Hangul syllable in parts': '\u1100\u1161\u11a8',
  };

  test.each(Object.entries(CHARACTERS))('a %s is kept whole or left out', (_, char) => {
    const text = `Mål ${char} nådd`;
    const start = 'Mål '.length;
    for (let at = 0; at <= text.length; at++) {
      const cut = cutPoint(text, at);
      expect(cut).toBe(at > start && at < start + char.length ? start : at);
    }
  });

  test('flags in a row are cut between two flags, however long the row', () => {
    const flags = '🇳🇴🇸🇪🇩🇰🇫🇮🇮🇸'.repeat(20);
    const text = `Norden: ${flags}`;
    for (let at = 8; at <= text.length; at++) {
      const cut = cutPoint(text, at);
      expect((cut - 8) % 4).toBe(0);
      expect(at - cut).toBeLessThan(4);
    }
  });

  test('text with no character of several units is cut where asked', () => {
    const text = 'Kundetilfredshet før og etter';
    for (let at = 0; at <= text.length + 2; at++) expect(cutPoint(text, at)).toBe(Math.min(at, text.length));
  });

  test('a character that starts the text and runs past the cut, or longer than any emoji, is cut between its code points, so a cut moves on', () => {
    expect(cutPoint('👨‍👩‍👧 team', 3)).toBe(3);
    expect(cutPoint('👨‍👩‍👧 team', 4)).toBe(3);
    const zalgo = `a${'\u0301'.repeat(200)}b`;
    expect(cutPoint(zalgo, 150)).toBeGreaterThan(0);
    expect(cutPoint(`x 🇳🇴`, 3)).toBe(2);
  });
});
