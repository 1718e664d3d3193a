import path from 'node:path';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { loadKnowledge } from '../../../src/core/knowledge/load';
import { generalThesaurus } from '../../../src/core/knowledge/thesaurus';

/** The sample pack's documents three times over, each copy under a folder of its own: some seven hundred passages. */
async function store() {
  const { documents } = await loadKnowledge(path.join(__dirname, '..', '..', '..', 'knowledge'));
  return Array.from({ length: 3 }, (_, i) => documents.map((d) => ({ ...d, path: `c${i}/${d.path}`, passages: d.passages.map((p) => ({ ...p, id: `c${i}/${p.id}`, path: `c${i}/${p.path}` })) }))).flat();
}

describe('an index built a step at a time', () => {
  it('gives the event loop turns while it builds, and searches as the index built at once does', async () => {
    const documents = await store();
    const thesaurus = generalThesaurus();
    let pauses = 0;
    const stepwise = await KnowledgeIndex.create(documents, thesaurus, async () => {
      pauses++;
      await new Promise((r) => setImmediate(r));
    });
    const atOnce = new KnowledgeIndex(documents, thesaurus);
    expect(stepwise.size).toEqual(atOnce.size);
    // every pass over the passages pauses after each few hundred of them
    expect(pauses).toBeGreaterThan((4 * stepwise.size.passages) / 256);
    for (const [q, lang] of [['Hvor kan kunder levere gamle mobiler?', 'nb'], ['How long is the warranty on LED lamps?', 'en'], ['Var kan kunder lämna gamla batterier?', 'sv']] as const) {
      const ids = (index: KnowledgeIndex) => index.search(index.analyse(q, lang), lang, 8).hits.map((h) => [h.passage.id, h.score, h.coverage, h.ngram]);
      expect(ids(stepwise)).toEqual(ids(atOnce));
    }
  });
});
