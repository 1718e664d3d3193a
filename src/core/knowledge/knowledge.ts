import { KnowledgeIndex } from './index';
import { loadKnowledge, type LoadedKnowledge } from './load';
import { generalThesaurus, thesaurusOf, type Thesaurus } from './thesaurus';

export interface Knowledge extends LoadedKnowledge {
  index: KnowledgeIndex;
  loadedAt: Date;
}

/**
 * Loads a knowledge folder and indexes it, with the general lexicon and the company's own synonyms.
 * Problems are returned, never thrown: one broken file does not stop the rest.
 */
export async function openKnowledge(dir: string, lexicon: Thesaurus = generalThesaurus()): Promise<Knowledge> {
  const loaded = await loadKnowledge(dir);
  const thesaurus = loaded.synonyms.length > 0 ? lexicon.with(thesaurusOf(loaded.synonyms)) : lexicon;
  return { ...loaded, index: new KnowledgeIndex(loaded.documents, thesaurus), loadedAt: new Date() };
}
