/**
 * The k best of the touched slots of a score array, best first, each slot reset to zero on the way
 * (the arrays are reused between questions). A heap of k instead of sorting every touched passage.
 */
export function takeTopK(scores: Float32Array, touched: Int32Array, count: number, k: number): { id: number; score: number }[] {
  const heap: { id: number; score: number }[] = [];
  for (let i = 0; i < count; i++) {
    const id = touched[i]!;
    const score = scores[id]!;
    scores[id] = 0;
    if (heap.length < k) {
      heap.push({ id, score });
      siftUp(heap, heap.length - 1);
    } else if (score > heap[0]!.score) {
      heap[0] = { id, score };
      siftDown(heap, 0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.id - b.id);
}

function siftUp(h: { score: number }[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (h[parent]!.score <= h[i]!.score) return;
    [h[parent], h[i]] = [h[i]!, h[parent]!];
    i = parent;
  }
}

function siftDown(h: { score: number }[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]!.score < h[m]!.score) m = l;
    if (r < h.length && h[r]!.score < h[m]!.score) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
}
