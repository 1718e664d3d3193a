import path from 'node:path';
import { loadKnowledge, parseDocument } from '../../../src/core/knowledge/load';
import { slugify, splitPassages } from '../../../src/core/knowledge/split';

const fixtures = path.join(__dirname, '../../fixtures');

describe('loading a knowledge folder', () => {
  it('loads every document and splits it into passages with path#slug ids', async () => {
    const k = await loadKnowledge(path.join(fixtures, 'knowledge-mini'));
    expect(k.problems).toEqual([]);
    expect(k.documents.map((d) => d.path)).toEqual(['en/warranty.md', 'nb/panteordning.md', 'sv/solpaneler.md']);
    const pant = k.documents.find((d) => d.path === 'nb/panteordning.md')!;
    expect(pant.passages.map((p) => p.id)).toEqual([
      'nb/panteordning.md#hvordan-pant-på-lyspærer-fungerer',
      'nb/panteordning.md#hva-skjer-med-innleverte-lysrør',
    ]);
    expect(pant.meta.source).toBe('https://lysbutikken.example/pant');
    expect(pant.meta.reviewed?.toISOString().slice(0, 10)).toBe('2026-06-01');
  });

  it('reports a broken file with its path and the field at fault, and still loads the rest', async () => {
    const k = await loadKnowledge(path.join(fixtures, 'knowledge-broken'));
    expect(k.documents.map((d) => d.path)).toEqual(['good.md']);
    expect(k.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'bad-lang.md', field: 'lang' }),
        expect.objectContaining({ path: 'no-front.md', field: '(front matter)' }),
        expect.objectContaining({ path: 'bad-date.md', field: 'reviewed' }),
      ]),
    );
  });

  it('reports a missing folder instead of throwing', async () => {
    const k = await loadKnowledge('/nonexistent/kompis-knowledge');
    expect(k.documents).toEqual([]);
    expect(k.problems[0]?.field).toBe('(folder)');
  });

  it('reports invalid YAML and an empty body', () => {
    expect(parseDocument('x.md', '---\ntitle: [unclosed\n---\ntext')).toEqual({ problems: [expect.objectContaining({ field: '(front matter)' })] });
    expect(parseDocument('y.md', '---\ntitle: T\nlang: en\n---\n\n')).toEqual({ problems: [expect.objectContaining({ field: '(body)' })] });
  });
});

describe('splitting into passages', () => {
  const meta = { title: 'Tittel', lang: 'nb' as const, tags: [] };

  it('keeps the introduction under the title, ignores # inside code fences and makes duplicate slugs unique', () => {
    const body = 'Intro text.\n\n## Same\nA\n\n```\n## not a heading\n```\n\n## Same\nB';
    const ps = splitPassages('a.md', meta, body);
    expect(ps.map((p) => p.id)).toEqual(['a.md#tittel', 'a.md#same', 'a.md#same-1']);
    expect(ps[1]!.text).toContain('## not a heading');
  });

  it('slugs keep Nordic letters and drop punctuation', () => {
    expect(slugify('Hva skjer med innleverte lysrør?')).toBe('hva-skjer-med-innleverte-lysrør');
    expect(slugify('Återvinning & **El-Kretsen**')).toBe('återvinning-el-kretsen');
  });
});
