import { z } from 'zod';
import type { Lang } from '../lang';
import { allStems } from './text';
import data from './glossary-data.json';

/**
 * A multilingual thesaurus of the domain: each set holds the words for one concept in nb, sv, da and
 * en. Search expands a question's words with their set, so "phone" finds "mobiltelefon".
 */
export class Glossary {
  private readonly byStem = new Map<string, Set<number>>();
  private readonly sets: string[][];

  constructor(sets: string[][]) {
    this.sets = sets;
    sets.forEach((set, i) => {
      for (const word of set) {
        for (const s of allStems(word)) {
          let ids = this.byStem.get(s);
          if (!ids) this.byStem.set(s, (ids = new Set()));
          ids.add(i);
        }
      }
    });
  }

  /** The other words of every set the word belongs to (matched by any language's stem). */
  expand(word: string, lang?: Lang): string[] {
    const ids = new Set<number>();
    for (const s of allStems(word, lang)) for (const id of this.byStem.get(s) ?? []) ids.add(id);
    const out = new Set<string>();
    for (const id of ids) for (const w of this.sets[id] ?? []) if (w !== word) out.add(w);
    return [...out];
  }

  get size(): number {
    return this.sets.length;
  }
}

const GlossaryData = z.array(z.array(z.string().min(1)).min(2));

let builtIn: Glossary | undefined;
export function builtInGlossary(): Glossary {
  builtIn ??= new Glossary(GlossaryData.parse(data).map((set) => set.map((w) => w.toLowerCase())));
  return builtIn;
}
