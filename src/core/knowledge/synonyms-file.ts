import { isMap, isSeq, parseDocument, type Node } from 'yaml';

/** A problem with one entry of `_synonyms.yaml`: the set's number (from 1) or `(file)`, and what is wrong. */
export interface SynonymsProblem {
  field: string;
  message: string;
}

/**
 * `_synonyms.yaml` as curators write it: a list of sets, or `{ source, sets: [...] }`. A broken set
 * is named by its number and line with what is wrong, and left out; the other sets are kept, so one
 * typo does not take the company's words out of search.
 */
export function readSynonyms(raw: string): { sets: string[][]; problems: SynonymsProblem[] } {
  const doc = parseDocument(raw);
  const lineOf = (node: Node | null | undefined) => (node?.range ? raw.slice(0, node.range[0]).split('\n').length : undefined);
  if (doc.errors.length > 0) return { sets: [], problems: [{ field: '(file)', message: `cannot be read: ${doc.errors[0]!.message.split('\n')[0]!.replace(/:$/, '')}` }] };
  // a file of comments alone holds no sets yet
  if (doc.contents === null) return { sets: [], problems: [] };
  let list: Node | null | undefined = doc.contents;
  if (isMap(list)) {
    const source = list.get('source');
    if (source !== undefined && source !== null && typeof source !== 'string') return { sets: [], problems: [{ field: 'source', message: 'source must be text: where the words came from' }] };
    list = list.get('sets', true) as Node | undefined;
  }
  if (!isSeq(list)) {
    return { sets: [], problems: [{ field: '(file)', message: 'expected a list of sets, each - [word, word, …], on its own or under sets:' }] };
  }
  const sets: string[][] = [];
  const problems: SynonymsProblem[] = [];
  list.items.forEach((item, i) => {
    const value: unknown = (item as Node | null)?.toJSON?.() ?? item;
    const wrong = setProblem(value);
    if (wrong === undefined) sets.push((value as string[]).map((w) => w.trim()));
    else {
      const at = lineOf(item as Node);
      problems.push({ field: String(i + 1), message: at ? `${wrong} (line ${at})` : wrong });
    }
  });
  return { sets, problems };
}

/** What is wrong with a set as written, if anything. */
function setProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `a set is a list of words, - [word, word, …], not ${JSON.stringify(value)}`;
  if (value.some((w) => w === null || (typeof w === 'string' && w.trim() === ''))) return 'a synonym must not be empty';
  const notText = value.filter((w) => typeof w !== 'string');
  if (notText.length > 0) return `a word must be text, in quotes when YAML reads it as a number or yes/no: ${notText.map((w) => JSON.stringify(w)).join(', ')}`;
  if (value.length < 2) return 'a set needs two or more words';
  return undefined;
}
