import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EmbeddingCache } from '../core/ports';

/** What the file starts with: its kind and version, then a line of JSON naming each vector and its length. */
const MAGIC = 'kompis-embeddings 1\n';
const Header = z.array(z.tuple([z.string(), z.number().int().nonnegative()]));
/** The cache as an earlier Kompis wrote it: one JSON object of number arrays. */
const JsonCache = z.record(z.string(), z.array(z.number()));

/**
 * Embeddings on disk, keyed by content hash: a header line, then every vector as little-endian
 * float32, a quarter of the size of the numbers written out and read without parsing them (at ten
 * thousand passages of 1024 dimensions, 40 MB instead of 200). Written atomically (temp file, then
 * rename). Where this file does not exist yet, the first of the `earlier` caches that does is read
 * (one an earlier Kompis wrote elsewhere, in this form or as JSON) and written here at the next flush.
 */
export class FileEmbeddingCache implements EmbeddingCache {
  private entries = new Map<string, Float32Array>();
  private dirty = false;

  constructor(
    private readonly file: string,
    ...earlier: string[]
  ) {
    // only a cache: a missing or unreadable one means starting afresh
    const own = readCache(file);
    let read = own;
    for (const other of earlier) read ??= readCache(other);
    if (read) this.entries = read;
    // one read from an earlier cache is written here at the next flush
    this.dirty = own === undefined && read !== undefined;
  }

  get(key: string): Float32Array | undefined {
    return this.entries.get(key);
  }

  set(key: string, vector: ArrayLike<number>): void {
    this.entries.set(key, Float32Array.from(vector));
    this.dirty = true;
  }

  retain(keys: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) {
      if (keys.has(key)) continue;
      this.entries.delete(key);
      this.dirty = true;
    }
  }

  async flush(): Promise<void> {
    if (!this.dirty) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, encode(this.entries));
    await fs.promises.rename(tmp, this.file);
    this.dirty = false;
  }

  get size(): number {
    return this.entries.size;
  }
}

function encode(entries: Map<string, Float32Array>): Buffer {
  const header = Buffer.from(`${MAGIC}${JSON.stringify([...entries].map(([key, v]) => [key, v.length]))}\n`, 'utf8');
  const floats = [...entries.values()].reduce((n, v) => n + v.length, 0);
  const out = Buffer.alloc(header.length + floats * 4);
  header.copy(out);
  let at = header.length;
  for (const v of entries.values()) {
    for (const x of v) at = out.writeFloatLE(x, at);
  }
  return out;
}

/** A cache file in either form, each file read once; undefined when there is none or it is broken. */
function readCache(file: string): Map<string, Float32Array> | undefined {
  try {
    const buf = fs.readFileSync(file);
    return buf.subarray(0, MAGIC.length).toString('utf8') === MAGIC ? decodeFloats(buf) : decodeJson(buf);
  } catch {
    return undefined;
  }
}

function decodeFloats(buf: Buffer): Map<string, Float32Array> | undefined {
  const end = buf.indexOf(0x0a, MAGIC.length);
  const header = Header.parse(JSON.parse(buf.subarray(MAGIC.length, end).toString('utf8')));
  const entries = new Map<string, Float32Array>();
  let at = end + 1;
  for (const [key, length] of header) {
    if (at + length * 4 > buf.length) return undefined;
    const v = new Float32Array(length);
    for (let i = 0; i < length; i++, at += 4) v[i] = buf.readFloatLE(at);
    entries.set(key, v);
  }
  return at === buf.length ? entries : undefined;
}

function decodeJson(buf: Buffer): Map<string, Float32Array> {
  const data = JsonCache.parse(JSON.parse(buf.toString('utf8')));
  return new Map(Object.entries(data).map(([key, v]) => [key, Float32Array.from(v)]));
}
