import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../../../src/core/knowledge/load';
import { suggestionsFor } from '../../../src/core/knowledge/suggestions';

const DOC = '---\ntitle: Sykkelordning\nlang: nb\n---\nAnsatte kan lease sykkel gjennom ordningen.\n';

function storeWith(suggestions: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-suggestions-'));
  fs.mkdirSync(path.join(dir, 'nb'));
  fs.writeFileSync(path.join(dir, 'nb', 'sykkel.md'), DOC);
  fs.writeFileSync(path.join(dir, '_suggestions.yaml'), suggestions);
  return dir;
}

describe("a store's suggested questions", () => {
  it('are read from _suggestions.yaml: a question on its own is its own title, shortened when long', async () => {
    const long = 'What are the targets for scope three emissions in our supply chain?';
    const k = await loadKnowledge(storeWith(`nb:\n  - Hvordan leaser jeg sykkel?\n  - title: Pant\n    message: Hvor mye pant er det på en flaske?\n  - ${long}\nen:\n  - How do I lease a bike?\n`));
    expect(k.problems).toEqual([]);
    expect(k.suggestions).toEqual({
      nb: [
        { title: 'Hvordan leaser jeg sykkel?', message: 'Hvordan leaser jeg sykkel?' },
        { title: 'Pant', message: 'Hvor mye pant er det på en flaske?' },
        // a long question is sent whole, under a title cut after a word
        { title: 'What are the targets for scope three…', message: long },
      ],
      en: [{ title: 'How do I lease a bike?', message: 'How do I lease a bike?' }],
    });
  });

  it('are given in the reader’s language, else in English, else in the first language written; a store without them gets the built-in ones', () => {
    const own = { sv: [{ title: 'Cykel', message: 'Hur leasar jag cykel?' }], en: [{ title: 'Bike', message: 'How do I lease a bike?' }] };
    expect(suggestionsFor('sv', own).map((s) => s.title)).toEqual(['Cykel']);
    expect(suggestionsFor('da', own).map((s) => s.title)).toEqual(['Bike']);
    expect(suggestionsFor('nb', { sv: own.sv }).map((s) => s.title)).toEqual(['Cykel']);
    expect(suggestionsFor('da').map((s) => s.title)).toEqual(['Klimamål', 'Klimapåstande', 'Grønvask']);
  });

  it('a broken file is a problem named with its field, and the store loads without it', async () => {
    const cases: [string, string][] = [
      ['fi:\n  - Mikä on ilmastotavoite?\n', '(file)'],
      ['nb: []\n', 'nb'],
      ['nb:\n  - title: ""\n    message: Hva er klimamålet?\n', 'nb.0.title'],
      [`nb:\n${'  - Hva er klimamålet?\n'.repeat(5)}`, 'nb'],
      ['en:\n  - 42\n', 'en.0'],
      ['{}\n', '(file)'],
    ];
    for (const [yaml, field] of cases) {
      const k = await loadKnowledge(storeWith(yaml));
      expect({ yaml, documents: k.documents.length, suggestions: k.suggestions, fields: k.problems.map((p) => `${p.path}:${p.field}`) }).toEqual({
        yaml,
        documents: 1,
        suggestions: undefined,
        fields: expect.arrayContaining([`_suggestions.yaml:${field}`]),
      });
    }
    const finnish = await loadKnowledge(storeWith('fi:\n  - Mikä on ilmastotavoite?\n'));
    expect(finnish.problems.map((p) => p.message)).toContain('fi: a language must be one of nb, sv, da, en');
  });
});
