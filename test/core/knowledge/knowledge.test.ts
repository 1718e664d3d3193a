import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAnsweringKnowledge } from '../../../src/core/knowledge/knowledge';

describe('opening the store Kompis answers from', () => {
  it('answers from a folder that holds a link in a loop, which is named and not read, instead of stopping as if the folder were missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-knowledge-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'returns.md'), '---\ntitle: Returns\nlang: en\n---\n## Returns\nCustomers can return products within 30 days.\n');
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    const knowledge = await openAnsweringKnowledge(dir);
    expect(knowledge.documents.map((d) => d.path)).toEqual(['returns.md']);
    expect(knowledge.problems).toEqual([expect.objectContaining({ path: 'sub/up', message: expect.stringContaining('(a loop)') })]);
  });

  it('stops with the folder named when the folder itself is missing', async () => {
    const missing = path.join(os.tmpdir(), 'kompis-no-such-knowledge');
    await expect(openAnsweringKnowledge(missing)).rejects.toThrow(`the knowledge folder ${missing} does not exist`);
  });
});
