const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Text in UTF-16 without a byte-order mark: most of its first characters are ASCII, a zero byte beside each. */
function looksUtf16(bytes: Buffer): boolean {
  const pairs = Math.min(256, Math.floor(bytes.length / 2));
  let zeros = 0;
  for (let i = 0; i < pairs; i++) if ((bytes[2 * i] === 0) !== (bytes[2 * i + 1] === 0)) zeros++;
  return pairs > 0 && zeros >= pairs / 2;
}

/**
 * A document's text, when it is UTF-8. A file saved in another encoding (UTF-16, as Word and
 * Notepad may save it; Latin-1 or Windows-1252, as older tools do) would be published garbled:
 * it is not read, and the curator is told how to save it.
 */
export function decodeDocument(bytes: Buffer): string | { problem: string } {
  // UTF-16 opens with its byte-order mark, or without one holds a zero byte beside every ASCII letter
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksUtf16(bytes)) {
    return { problem: 'not read: the file is UTF-16; save it as UTF-8' };
  }
  // a PDF or an Office file (a zip) saved or renamed with a text file's name is no text at all
  const binary = bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'a PDF' : bytes.subarray(0, 4).equals(ZIP) ? 'a Word, Excel or other zipped file' : bytes.includes(0) ? 'not text' : undefined;
  if (binary) return { problem: `not read: the file is ${binary}, though named as text; save it as markdown or text` };
  try {
    return UTF8.decode(bytes);
  } catch {
    return { problem: 'not read: the file is not UTF-8 (Latin-1 or Windows-1252?); save it as UTF-8' };
  }
}
