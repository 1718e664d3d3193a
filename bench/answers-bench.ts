import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { AnswerService } from '../src/core/answers/service';
import type { KnowledgeDocument } from '../src/core/knowledge/document';
import { KnowledgeIndex } from '../src/core/knowledge/index';
import { loadKnowledge } from '../src/core/knowledge/load';
import { generalThesaurus } from '../src/core/knowledge/thesaurus';
import { silentLogger, systemClock } from '../src/core/ports';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Question → extractive answer at the sample pack ×1, ×10 and ~10k passages, beside plain
 * MiniSearch (BM25 with fuzzy and prefix search) over the same passages in the same run. Each
 * question is timed once, the first time it is asked, after a warm-up on the store's other question
 * sets (for the JIT): what search keeps of a word comes from the questions asked before it, as for
 * an agent. One time a question: p95 is noisier than over repeated rounds.
 */
export async function runAnswersBench(): Promise<void> {
  const knowledge = await loadKnowledge(path.join(ROOT, 'knowledge'));
  const { documents } = knowledge;
  const thesaurus = generalThesaurus().withSets(knowledge.synonyms);
  const questions = readQuestions(path.join(ROOT, 'test', 'eval', 'questions.jsonl'));
  const others = ['holdout-dev.jsonl', 'holdout-test.jsonl', 'unseen-2.jsonl'].flatMap((f) => readQuestions(path.join(ROOT, 'test', 'eval', f)));
  const passages = documents.reduce((n, d) => n + d.passages.length, 0);
  const sizes = [1, 10, Math.round(10_000 / passages)];
  console.log(`\n## Answers (sample pack: ${documents.length} documents, ${passages} passages; ${questions.length} questions)`);
  console.log('copies  passages  build ms  heap MB   answer p50   p95 ms   MiniSearch p50   p95 ms   p95 ratio');
  for (const copies of sizes) {
    const docs = replicate(documents, copies);
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const index = new KnowledgeIndex(docs, thesaurus);
    const buildMs = performance.now() - started;
    gc();
    const mb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    const service = new AnswerService({ index, clock: systemClock, logger: silentLogger });
    const ours = await timeEach(others, questions, (q) => service.ask(q));
    const mini = plainMiniSearch(docs);
    const theirs = await timeEach(others, questions, async (q) => mini.search(q, { fuzzy: 0.2, prefix: true }).slice(0, 6));
    console.log(
      `${String(copies).padStart(6)}  ${String(index.size.passages).padStart(8)}  ${buildMs.toFixed(0).padStart(8)}  ${mb.toFixed(1).padStart(7)}  ${ours.p50.toFixed(2).padStart(11)}  ${ours.p95.toFixed(2).padStart(7)}  ${theirs.p50.toFixed(2).padStart(15)}  ${theirs.p95.toFixed(2).padStart(7)}  ${(ours.p95 / theirs.p95).toFixed(2).padStart(10)}`,
    );
  }
}

async function timeEach(warm: string[], questions: string[], run: (q: string) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (const q of warm) await run(q);
  const times: number[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    await run(q);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

function plainMiniSearch(documents: KnowledgeDocument[]): MiniSearch {
  const mini = new MiniSearch({ fields: ['title', 'heading', 'text'], storeFields: ['id'] });
  mini.addAll(documents.flatMap((d) => d.passages.map((p) => ({ id: p.id, title: p.title, heading: p.heading, text: p.text }))));
  return mini;
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
