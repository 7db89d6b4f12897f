import { describe, expect, it } from 'vitest';
import { shouldBoundHeap } from '../../src/cli/heap.js';

describe('heap growth', () => {
  it('is bounded unless whoever started Node tuned the heap', () => {
    expect(shouldBoundHeap([], '')).toBe(true);
    expect(shouldBoundHeap(['--enable-source-maps'], '--import tsx')).toBe(true);
    expect(shouldBoundHeap(['--max-old-space-size=700'])).toBe(false);
    expect(shouldBoundHeap(['--heap_growing_percent=80'])).toBe(false);
    expect(shouldBoundHeap([], '--max-old-space-size=4096 --enable-source-maps')).toBe(false);
  });
});
