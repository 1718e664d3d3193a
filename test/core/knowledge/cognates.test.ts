import { Cognates, skeleton } from '../../../src/core/knowledge/cognates';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import type { Lang } from '../../../src/core/lang';
import { Thesaurus } from '../../../src/core/knowledge/thesaurus';
import { documentsOf } from '../../helpers';

describe('cognates across English and the Nordic languages', () => {
  it('spells English and Nordic cognates alike', () => {
    expect(skeleton('electric')).toBe(skeleton('elektrisk'));
    expect(skeleton('nuclear')).toBe(skeleton('nukleær'));
    expect(skeleton('production')).toBe(skeleton('produksjon'));
    expect(skeleton('certificate').startsWith(skeleton('certifikat'))).toBe(true);
    expect(skeleton('finansierte').startsWith('finans')).toBe(true);
    expect(skeleton('financed').startsWith('finans')).toBe(true);
  });

  const cognates = new Cognates(
    new Map<string, Set<Lang>>([
      ['financed', new Set(['en'])],
      ['commercial', new Set(['en'])],
      ['finland', new Set(['en'])],
      ['finansierte', new Set(['nb'])],
      ['kommersielle', new Set(['nb', 'da'])],
      ['finanskrisen', new Set(['sv'])],
    ]),
  );

  it('finds the store\'s words of the other family of languages that begin alike, and none of the asker\'s own', () => {
    expect(cognates.of('finansierade', 'sv')).toEqual(['financed']);
    expect(cognates.of('kommersiella', 'sv')).toEqual(['commercial']);
    // a Nordic compound that begins with the word is found too
    expect(cognates.of('financing', 'en').sort()).toEqual(['finansierte', 'finanskrisen']);
    // a shared start of "fin" is no shared word, and a short word is left alone
    expect(cognates.of('finish', 'en')).toEqual([]);
    expect(cognates.of('finans', 'nb')).toEqual(['financed']);
    expect(cognates.of('fins', 'nb')).toEqual([]);
  });

  it('lets a question find the other language\'s passage through a word the thesaurus does not know', () => {
    const index = new KnowledgeIndex(
      documentsOf({
        'en/financed.md': '---\ntitle: Financed emissions 2023\nlang: en\n---\n## By sector\nFinanced emissions from commercial property were 7,617 t CO2e in 2023.\n',
        'sv/egen.md': '---\ntitle: Egen verksamhet 2023\nlang: sv\n---\n## Utsläpp\nUtsläppen från kontoren var 310 ton 2023.\n',
        'sv/kort.md': '---\ntitle: Kort\nlang: sv\n---\n## Spärra kortet\nEtt förlorat kort spärras i appen.\n',
      }),
      new Thesaurus([['utsläpp', 'utsläppen', 'emissions']]),
    );
    const analysis = index.analyse('finansierade utsläpp kommersiella fastigheter 2023', 'sv');
    expect(analysis.concepts.find((c) => c.word === 'finansierade')?.known).toBe(true);
    expect(index.search(analysis, 'sv').hits[0]!.passage.path).toBe('en/financed.md');
  });

  it('reads a word the thesaurus knows through the thesaurus alone: a false friend is not its cognate', () => {
    const index = new KnowledgeIndex(
      documentsOf({
        'en/worries.md': '---\ntitle: Customer concerns\nlang: en\n---\n## Concerns\nA customer concern about packaging goes to the curators.\n',
        'nb/konsern.md': '---\ntitle: Om oss\nlang: nb\n---\n## Eiere\nBanken eies av stiftelsen.\n',
      }),
      new Thesaurus([['konsern', 'konsernet', 'koncern', 'koncernen', 'corporate group']]),
    );
    const koncernen = index.analyse('vem äger koncernen', 'sv').concepts.find((c) => c.word === 'koncernen')!;
    expect(koncernen.equivalents).not.toContain('concern');
  });
});
