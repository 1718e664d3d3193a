import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EmbeddingCache } from '../core/ports';

const CacheFile = z.record(z.string(), z.array(z.number()));

/** Embeddings on disk, one JSON file keyed by content hash; written atomically (temp file, then rename). */
export class FileEmbeddingCache implements EmbeddingCache {
  private readonly entries: Map<string, number[]>;
  private dirty = false;

  constructor(private readonly file: string) {
    let data: Record<string, number[]> = {};
    try {
      data = CacheFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      // no cache yet, or an unreadable one: it is only a cache, so start afresh
    }
    this.entries = new Map(Object.entries(data));
  }

  get(key: string): number[] | undefined {
    return this.entries.get(key);
  }

  set(key: string, vector: number[]): void {
    this.entries.set(key, vector);
    this.dirty = true;
  }

  async flush(): Promise<void> {
    if (!this.dirty) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(Object.fromEntries(this.entries)));
    await fs.promises.rename(tmp, this.file);
    this.dirty = false;
  }

  get size(): number {
    return this.entries.size;
  }
}
