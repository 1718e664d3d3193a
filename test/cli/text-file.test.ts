import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTextFile } from '../../src/cli/text-file';

describe('readTextFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-text-file-'));
  const saved = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  it('reads UTF-8, with or without a byte-order mark, and UTF-16 either way round by its mark', () => {
    const text = '{"q": "Får kunden pant tilbake?"}\n';
    expect(readTextFile(saved('plain.jsonl', Buffer.from(text)), 'the file')).toBe(text);
    expect(readTextFile(saved('bom.jsonl', Buffer.from(`\uFEFF${text}`)), 'the file')).toBe(text);
    expect(readTextFile(saved('le.jsonl', Buffer.from(`\uFEFF${text}`, 'utf16le')), 'the file')).toBe(text);
    expect(readTextFile(saved('be.jsonl', Buffer.from(`\uFEFF${text}`, 'utf16le').swap16()), 'the file')).toBe(text);
  });

  it('refuses UTF-16 cut short or without its mark, and bytes that are not UTF-8, saying to save it as UTF-8', () => {
    const cut = saved('cut.jsonl', Buffer.from('\uFEFFpant', 'utf16le').subarray(0, 7));
    expect(readTextFile(cut, 'the questions file')).toEqual({ problem: `the questions file ${cut} was not read: it opens as UTF-16 but is not whole UTF-16 text; save it as UTF-8` });
    const unmarked = saved('unmarked.jsonl', Buffer.from('{"q": "pant"}', 'utf16le'));
    expect(readTextFile(unmarked, 'the questions file')).toEqual({ problem: `the questions file ${unmarked} was not read: the file is UTF-16; save it as UTF-8` });
    const ansi = saved('ansi.jsonl', Buffer.from('Får', 'latin1'));
    expect(readTextFile(ansi, 'the questions file')).toEqual({ problem: `the questions file ${ansi} was not read: the file is not UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8` });
  });

  it('says a file is not there, or is a folder', () => {
    expect(readTextFile(path.join(dir, 'missing.json'), 'the backup file')).toEqual({ problem: `the backup file ${path.join(dir, 'missing.json')} does not exist` });
    expect(readTextFile(dir, 'the backup file')).toEqual({ problem: `the backup file ${dir} is a folder, not a file` });
  });
});
