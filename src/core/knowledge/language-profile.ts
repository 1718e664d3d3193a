import type { Lang } from '../lang';

/** The length of the character n-grams a language is told by, counted within words padded with a space each side. */
const N = 3;
/** The fewest n-grams a language's text must have for its profile to vote: a page or two. */
const MIN_GRAMS = 2_000;

function* gramsOf(word: string): Generator<string> {
  const padded = ` ${word} `;
  for (let i = 0; i + N <= padded.length; i++) yield padded.slice(i, i + N);
}

/**
 * How the store's own languages are spelled: per language, how often each character trigram occurs
 * in the store's text. Norwegian and Danish share most words, but not their spelling ("hentet" /
 * "hentede", "mye" / "meget"), and a store writes them with its own domain's words, which a general
 * detector has seldom seen. A question is then told among the store's languages by which one's
 * text it is likeliest to come from: naive Bayes with add-one smoothing, its log-likelihood taken per
 * n-gram, for a store's few pages would make the full product overconfident in a short question.
 */
export class LanguageProfile {
  /** Per language, how often each word occurs: cheap to count while a store is indexed. */
  private readonly words = new Map<Lang, Map<string, number>>();
  /** Per language, the n-gram counts, worked out from the words when first asked. */
  private counts: Map<Lang, Map<string, number>> | undefined;
  private readonly totals = new Map<Lang, number>();
  /** How many distinct n-grams the store's text has, for smoothing. */
  private distinct = 0;

  add(word: string, lang: Lang): void {
    this.counts = undefined;
    let words = this.words.get(lang);
    if (!words) this.words.set(lang, (words = new Map()));
    words.set(word, (words.get(word) ?? 0) + 1);
  }

  private grams(): Map<Lang, Map<string, number>> {
    if (this.counts) return this.counts;
    this.counts = new Map();
    this.totals.clear();
    const all = new Set<string>();
    for (const [lang, words] of this.words) {
      const counts = new Map<string, number>();
      let total = 0;
      for (const [word, times] of words) {
        for (const g of gramsOf(word)) {
          counts.set(g, (counts.get(g) ?? 0) + times);
          total += times;
          all.add(g);
        }
      }
      this.counts.set(lang, counts);
      this.totals.set(lang, total);
    }
    this.distinct = all.size;
    return this.counts;
  }

  /**
   * For each language the store has enough text in, the probability that the words come from it
   * rather than from another of them. Empty when fewer than two languages have.
   */
  posterior(words: readonly string[]): Partial<Record<Lang, number>> {
    const grams = this.grams();
    const langs = [...grams.keys()].filter((l) => (this.totals.get(l) ?? 0) >= MIN_GRAMS);
    if (langs.length < 2 || words.length === 0) return {};
    const distinct = this.distinct;
    const asked = words.flatMap((w) => [...gramsOf(w)]);
    const logLikelihood = langs.map((l) => {
      const counts = grams.get(l)!;
      const denominator = Math.log(this.totals.get(l)! + distinct);
      let sum = 0;
      for (const g of asked) sum += Math.log((counts.get(g) ?? 0) + 1) - denominator;
      // per n-gram: how the words are spelled, whatever their number, so a long question does not outvote the rest
      return sum / Math.max(asked.length, 1);
    });
    const most = Math.max(...logLikelihood);
    const odds = logLikelihood.map((x) => Math.exp(x - most));
    const total = odds.reduce((a, b) => a + b, 0);
    return Object.fromEntries(langs.map((l, i) => [l, odds[i]! / total]));
  }
}
