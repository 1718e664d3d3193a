import { KompisError } from '../errors';
import { KnowledgeIndex } from './index';
import { loadKnowledge, type LoadedKnowledge } from './load';
import { generalThesaurus, type Thesaurus } from './thesaurus';

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
  const thesaurus = loaded.synonyms.length > 0 ? lexicon.withSets(loaded.synonyms) : lexicon;
  // built a step at a time: a store loaded again while Kompis answers leaves the questions their turns
  return { ...loaded, index: await KnowledgeIndex.create(loaded.documents, thesaurus), loadedAt: new Date() };
}

/**
 * The store Kompis answers from, or a `knowledge_missing` error naming the folder: a mistyped path
 * or a folder without documents would otherwise answer every question with "not in the knowledge store".
 */
export async function openAnsweringKnowledge(dir: string, lexicon?: Thesaurus): Promise<Knowledge> {
  const knowledge = await openKnowledge(dir, lexicon);
  if (knowledge.missing) {
    throw new KompisError('knowledge_missing', `the knowledge folder ${knowledge.dir} does not exist or is not a folder: set KNOWLEDGE_DIR or --knowledge to the folder of documents`, { dir: knowledge.dir });
  }
  if (knowledge.documents.length === 0) {
    const broken = knowledge.problems.length > 0 ? ` (${knowledge.problems.length} ${knowledge.problems.length === 1 ? 'file' : 'files'} could not be read: ${knowledge.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')})` : '';
    throw new KompisError('knowledge_missing', `the knowledge folder ${knowledge.dir} holds no documents (.md, .markdown or .txt files)${broken}`, { dir: knowledge.dir });
  }
  return knowledge;
}
