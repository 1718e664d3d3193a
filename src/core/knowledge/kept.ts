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
