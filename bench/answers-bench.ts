import fs from 'node:fs';
import path from 'node:path';
import { AnswerService } from '../src/core/answers/service';
import type { KnowledgeDocument } from '../src/core/knowledge/document';
import { builtInGlossary } from '../src/core/knowledge/glossary';
import { KnowledgeIndex } from '../src/core/knowledge/index';
import { loadKnowledge } from '../src/core/knowledge/load';
import { silentLogger, systemClock } from '../src/core/ports';

const ROOT = path.join(__dirname, '..', '..');

/** Index build time and memory for the sample pack ×1, ×10, ×100; extractive answer latency. */
export async function runAnswersBench(): Promise<void> {
  const { documents } = await loadKnowledge(path.join(ROOT, 'knowledge'));
  const glossary = builtInGlossary();
  console.log(`\n## Knowledge index (sample pack: ${documents.length} documents)`);
  console.log('copies  documents  passages  build ms  heap MB');
  for (const copies of [1, 10, 100]) {
    const docs = replicate(documents, copies);
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const index = new KnowledgeIndex(docs, glossary);
    const ms = performance.now() - started;
    gc();
    const mb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    console.log(`${String(copies).padStart(6)}  ${String(docs.length).padStart(9)}  ${String(index.size.passages).padStart(8)}  ${ms.toFixed(0).padStart(8)}  ${mb.toFixed(1).padStart(7)}`);
  }

  const questions = readQuestions(path.join(ROOT, 'test', 'eval', 'questions.jsonl'));
  for (const copies of [1, 10]) {
    const service = new AnswerService({ index: new KnowledgeIndex(replicate(documents, copies), glossary), clock: systemClock, logger: silentLogger });
    for (const q of questions.slice(0, 20)) await service.ask(q); // warm-up
    const times: number[] = [];
    const rounds = copies === 1 ? 5 : 1;
    for (let r = 0; r < rounds; r++) {
      for (const q of questions) {
        const t0 = performance.now();
        await service.ask(q);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(2);
    console.log(`\n## Question → extractive answer, pack ×${copies} (${times.length} questions)`);
    console.log(`p50 ${p(0.5)} ms   p95 ${p(0.95)} ms   p99 ${p(0.99)} ms   max ${times.at(-1)!.toFixed(2)} ms`);
  }
}

function replicate(documents: KnowledgeDocument[], copies: number): KnowledgeDocument[] {
  if (copies === 1) return documents;
  return Array.from({ length: copies }, (_, i) =>
    documents.map((d) => ({
      ...d,
      path: `copy${i}/${d.path}`,
      passages: d.passages.map((p) => ({ ...p, id: `copy${i}/${p.id}`, path: `copy${i}/${p.path}` })),
    })),
  ).flat();
}

function readQuestions(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
