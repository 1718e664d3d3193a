import fs from 'node:fs';
import { decodeDocument } from '../core/knowledge/decode';

/**
 * A text file a person hands a command (a backup, a questions file), or what is wrong with it, as a
 * sentence that names it: `what` is how ("the backup file"). It is read as the knowledge loader
 * reads a document (decodeDocument): a byte-order mark is no part of it, and a file not saved as
 * UTF-8 (Windows-1252 from Excel or an older editor) is refused, saying how to save it, rather than
 * read with its Nordic letters turned to U+FFFD. UTF-16 that says so by its byte-order mark is read
 * as what it is: Windows PowerShell 5.1 saves `kompis export > backup.json` so.
 */
export function readTextFile(file: string, what: string): string | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: `${what} ${file} does not exist` };
    if (code === 'EISDIR') return { problem: `${what} ${file} is a folder, not a file` };
    return { problem: `${what} ${file} cannot be read (${code ?? (err as Error).message})` };
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      // the decoder leaves out the byte-order mark
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      return { problem: `${what} ${file} was not read: it opens as UTF-16 but is not whole UTF-16 text; save it as UTF-8` };
    }
  }
  const text = decodeDocument(bytes);
  return typeof text === 'string' ? text : { problem: `${what} ${file} was ${text.problem}` };
}
