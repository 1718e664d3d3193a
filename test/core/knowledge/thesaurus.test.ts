import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../../../src/core/knowledge/load';
import { openKnowledge } from '../../../src/core/knowledge/knowledge';
import { generalThesaurus, Thesaurus } from '../../../src/core/knowledge/thesaurus';

const fixtures = path.join(__dirname, '../../fixtures');

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-thesaurus-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BIKE_DOC = `---
title: Sykkelparkering
lang: nb
---
## Sykkelparkering
Alle våre kontorer har innendørs sykkelparkering med lading for elsykkel.
`;

describe("a company's own synonyms", () => {
  it('are loaded from _synonyms.yaml beside the documents and widen search', async () => {
    const without = await openKnowledge(folder({ 'nb/sykkel.md': BIKE_DOC }), Thesaurus.empty);
    expect(without.index.analyse('velocipede storage', 'en').concepts[0]).toMatchObject({ word: 'velocipede', known: false });
    const dir = folder({ 'nb/sykkel.md': BIKE_DOC, '_synonyms.yaml': 'source: our curators\nsets:\n  - [velocipede, sykkelparkering]\n' });
    const k = await openKnowledge(dir, Thesaurus.empty);
    expect(k.problems).toEqual([]);
    expect(k.synonyms).toEqual([['velocipede', 'sykkelparkering']]);
    expect(k.index.analyse('velocipede storage', 'en').concepts[0]).toMatchObject({ word: 'velocipede', known: true });
  });

  it('name the file and the entry at fault when broken, and the documents still load', async () => {
    const k = await loadKnowledge(path.join(fixtures, 'knowledge-broken'));
    expect(k.documents.map((d) => d.path)).toEqual(['good.md']);
    expect(k.synonyms).toEqual([]);
    expect(k.calibration).toBeUndefined();
    expect(k.problems).toEqual(
      expect.arrayContaining([
        { path: '_synonyms.yaml', field: '1', message: 'a set needs two or more words' },
        expect.objectContaining({ path: '_calibration.json', field: 'weights.coverage' }),
      ]),
    );
  });
});

describe('the general lexicon', () => {
  it('ships as data that says where its words came from', () => {
    const lexicon = generalThesaurus();
    expect(lexicon.size).toBeGreaterThan(100);
    expect(lexicon.expand('phone', 'en')).toEqual(expect.arrayContaining(['mobiltelefon']));
  });
});
