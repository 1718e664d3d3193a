import { builtInGlossary, type Glossary } from './glossary';
import { KnowledgeIndex } from './index';
import { loadKnowledge, type LoadedKnowledge } from './load';

export interface Knowledge extends LoadedKnowledge {
  index: KnowledgeIndex;
  loadedAt: Date;
}

/** Loads a knowledge folder and indexes it. Problems are returned, never thrown: one broken file does not stop the rest. */
export async function openKnowledge(dir: string, glossary: Glossary = builtInGlossary()): Promise<Knowledge> {
  const loaded = await loadKnowledge(dir);
  return { ...loaded, index: new KnowledgeIndex(loaded.documents, glossary), loadedAt: new Date() };
}
