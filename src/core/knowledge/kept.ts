/**
 * A value worked out once a key and kept, in a map emptied when it holds `limit` keys: for work a
 * store or its questions repeat (a word's stem, a sentence's words), with memory bounded.
 */
export function kept<K, V>(cache: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/**
 * A function of a text that remembers its last answer: for what a question's every passage and
 * sentence ask of the question again (its numbers, what kind of answer it wants).
 */
export function lastOf<T>(read: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, value: read(text) };
    return last.value;
  };
}

/**
 * What is read of a passage for a question, kept while the question is alive (its concepts, the
 * array one analysis makes): the ordering, the decision and the quote read the same passages again.
 * `key` tells apart readings of one question (its text, the numbers it must hold). Read the value,
 * do not change it.
 */
export function perQuestion<C extends object, P, V>(read: (concepts: C, key: string, passage: P) => V): (concepts: C, key: string, passage: P) => V {
  const byQuestion = new WeakMap<C, Map<string, Map<P, V>>>();
  return (concepts, key, passage) => {
    let asked = byQuestion.get(concepts);
    if (!asked) byQuestion.set(concepts, (asked = new Map()));
    let byPassage = asked.get(key);
    if (!byPassage) asked.set(key, (byPassage = new Map()));
    let value = byPassage.get(passage);
    if (value === undefined) byPassage.set(passage, (value = read(concepts, key, passage)));
    return value;
  };
}
