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
  /**
   * Worked out from the words when first asked: the languages with enough text, and per n-gram its
   * log-probability in each of them (add-one smoothed), with what an n-gram none of them writes gets.
   */
  private model: { langs: Lang[]; logP: Map<string, Float64Array>; unseen: Float64Array } | undefined;

  add(word: string, lang: Lang): void {
    this.model = undefined;
    let words = this.words.get(lang);
    if (!words) this.words.set(lang, (words = new Map()));
    words.set(word, (words.get(word) ?? 0) + 1);
  }

  private built(): { langs: Lang[]; logP: Map<string, Float64Array>; unseen: Float64Array } {
    if (this.model) return this.model;
    const counts = new Map<Lang, Map<string, number>>();
    const totals = new Map<Lang, number>();
    const all = new Set<string>();
    for (const [lang, words] of this.words) {
      const own = new Map<string, number>();
      let total = 0;
      for (const [word, times] of words) {
        for (const g of gramsOf(word)) {
          own.set(g, (own.get(g) ?? 0) + times);
          total += times;
          all.add(g);
        }
      }
      counts.set(lang, own);
      totals.set(lang, total);
    }
    const langs = [...counts.keys()].filter((l) => totals.get(l)! >= MIN_GRAMS);
    const denominators = langs.map((l) => Math.log(totals.get(l)! + all.size));
    const unseen = Float64Array.from(langs, (_, i) => Math.log(1) - denominators[i]!);
    const logP = new Map<string, Float64Array>();
    for (const g of all) logP.set(g, Float64Array.from(langs, (l, i) => Math.log((counts.get(l)!.get(g) ?? 0) + 1) - denominators[i]!));
    this.model = { langs, logP, unseen };
    return this.model;
  }

  /**
   * For each language the store has enough text in, the probability that the words come from it
   * rather than from another of them. Empty when fewer than two languages have.
   */
  posterior(words: readonly string[]): Partial<Record<Lang, number>> {
    const { langs, logP, unseen } = this.built();
    if (langs.length < 2 || words.length === 0) return {};
    const sums = new Float64Array(langs.length);
    let grams = 0;
    for (const w of words) {
      for (const g of gramsOf(w)) {
        const p = logP.get(g) ?? unseen;
        for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! + p[i]!;
        grams++;
      }
    }
    // per n-gram: how the words are spelled, whatever their number, so a long question does not outvote the rest
    const logLikelihood = Array.from(sums, (sum) => sum / Math.max(grams, 1));
    const most = Math.max(...logLikelihood);
    const odds = logLikelihood.map((x) => Math.exp(x - most));
    const total = odds.reduce((a, b) => a + b, 0);
    return Object.fromEntries(langs.map((l, i) => [l, odds[i]! / total]));
  }
}
