import type { Lang } from '../lang';
import { withPrefix } from './vocabulary';

/**
 * A word as its sounds are spelled across English and the Nordic languages, for telling cognates:
 * English c is k or s, ph f, th t, qu kv, x ks, w v, z s, y i, -tion and -sjon one ending, -ic and
 * -isk one at a word's end, a double letter single, Nordic letters without their marks.
 * "financed" and "finansierte", "commercial" and "kommersiella", "electric" and "elektrisk" then
 * begin alike.
 */
export function skeleton(word: string): string {
  return word
    .toLowerCase()
    .replace(/[åäæ]/g, 'a')
    .replace(/[öø]/g, 'o')
    .replace(/[éè]/g, 'e')
    .replace(/ü/g, 'u')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/ch/g, 'k')
    .replace(/ck/g, 'k')
    .replace(/qu/g, 'kv')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/z/g, 's')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/y/g, 'i')
    .replace(/(ssion|sion|tion|sjon)/g, 'son')
    .replace(/(ik(al|ali)?|isk[aet]?)$/, 'ik')
    .replace(/(.)\1+/g, '$1');
}

/**
 * The shortest beginning two skeletons must share to be one word's, and the share of the shorter it
 * must be: the rest is an ending (-ed, -ierte, -ing) or, in a Nordic compound, the words after the
 * first ("produkttabellen" begins with "product").
 */
const SHARED_START = 6;
const SHARED_SHARE = 2 / 3;

/** Words of the store in English and in the Nordic languages, by skeleton: the cognates of a word in the other. */
export class Cognates {
  private readonly byFamily: Record<'en' | 'nordic', Skeletons>;

  constructor(wordLangs: ReadonlyMap<string, ReadonlySet<Lang>>) {
    const en: [string, string][] = [];
    const nordic: [string, string][] = [];
    for (const [word, langs] of wordLangs) {
      if (word.length < SHARED_START || !/^\p{L}+$/u.test(word)) continue;
      const s = skeleton(word);
      if (langs.has('en')) en.push([s, word]);
      if (langs.has('nb') || langs.has('sv') || langs.has('da')) nordic.push([s, word]);
    }
    this.byFamily = { en: new Skeletons(en), nordic: new Skeletons(nordic) };
  }

  /** The store's words in the other family of languages than `lang` that are this word's cognates. */
  of(word: string, lang: Lang): string[] {
    if (word.length < SHARED_START) return [];
    const s = skeleton(word);
    const family = this.byFamily[lang === 'en' ? 'nordic' : 'en'];
    const out: string[] = [];
    for (const other of family.startingWith(s.slice(0, SHARED_START))) {
      let shared = 0;
      while (shared < s.length && shared < other.length && s[shared] === other[shared]) shared++;
      if (shared >= SHARED_SHARE * Math.min(s.length, other.length)) out.push(...family.wordsOf(other));
    }
    return out;
  }
}

/** One family's words by skeleton, the skeletons sorted for finding those that begin alike. */
class Skeletons {
  private readonly words = new Map<string, string[]>();
  private readonly sorted: string[];

  constructor(pairs: [skeleton: string, word: string][]) {
    for (const [s, word] of pairs) {
      const list = this.words.get(s);
      if (list) list.push(word);
      else this.words.set(s, [word]);
    }
    this.sorted = [...this.words.keys()].sort();
  }

  startingWith(prefix: string): string[] {
    return withPrefix(this.sorted, prefix);
  }

  wordsOf(skeleton: string): readonly string[] {
    return this.words.get(skeleton) ?? [];
  }
}
