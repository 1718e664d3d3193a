/** The store's index terms, findable by their letter trigrams: for typos and near spellings of a question's words. */
export class VocabularyIndex {
  private readonly terms: string[];
  private readonly byGram = new Map<string, number[]>();
  private readonly sorted: string[];
  private readonly reversed: string[];

  constructor(terms: string[]) {
    this.terms = terms;
    this.sorted = [...terms].sort();
    this.reversed = terms.map(reverse).sort();
    terms.forEach((t, i) => {
      for (const g of trigrams(t)) {
        let list = this.byGram.get(g);
        if (!list) this.byGram.set(g, (list = []));
        list.push(i);
      }
    });
  }

  get size(): number {
    return this.terms.length;
  }

  /** Terms sharing at least `minShared` trigrams with the word, with how many they share. */
  sharing(word: string, minShared: number): Map<string, number> {
    const shared = new Map<number, number>();
    for (const g of new Set(trigrams(word))) for (const i of this.byGram.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    const out = new Map<string, number>();
    for (const [i, n] of shared) if (n >= minShared) out.set(this.terms[i]!, n);
    return out;
  }

  /** Terms that begin with the prefix. */
  startingWith(prefix: string): string[] {
    return withPrefix(this.sorted, prefix);
  }

  /** Terms that end with the suffix. */
  endingWith(suffix: string): string[] {
    return withPrefix(this.reversed, reverse(suffix)).map(reverse);
  }
}

/** The strings of a sorted list that begin with the prefix. */
export function withPrefix(sorted: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

function reverse(s: string): string {
  return [...s].reverse().join('');
}

/** How alike two spellings must be (Dice coefficient of their letter trigrams) to count as one word. */
const NEAR = 0.7;

/**
 * Terms of the store that are the same word as this one spelled otherwise: an inflection (lever →
 * leveringen), a typo of a long word, or a cognate in a neighbouring language (batterie → batteri).
 * Short words are left alone: at four letters a trigram or two decides everything.
 */
export function nearTerms(term: string, vocabulary: VocabularyIndex): string[] {
  if (term.length < 5) return [];
  const own = new Set(trigrams(term)).size;
  const out = new Set<string>();
  for (const [candidate, shared] of vocabulary.sharing(term, Math.ceil(own * NEAR * 0.4))) {
    const theirs = new Set(trigrams(candidate)).size;
    if ((2 * shared) / (own + theirs) >= NEAR || (term.length >= 7 && oneEditApart(candidate, term))) out.add(candidate);
  }
  for (const candidate of vocabulary.startingWith(term)) if (candidate.length <= term.length + 4) out.add(candidate);
  // Nordic compounds put their head last: "panel" is a "solpanel", "battery" part of an "elsykkelbatteri"
  for (const candidate of vocabulary.endingWith(term)) if (candidate.length >= term.length + 3) out.add(candidate);
  return [...out];
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzåäæøöé'];

/**
 * Every spelling one typo away from a word: a letter dropped, added, changed, or two neighbours
 * swapped. What a word typed with one typo may have been meant as.
 */
export function oneTypoAway(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1]! + tail[0]! + tail.slice(2));
    for (const c of LETTERS) {
      if (tail && c !== tail[0]) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}

/** One letter added, dropped, changed, or two neighbours swapped: the typos people make. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}

function trigrams(word: string): string[] {
  const padded = ` ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}
