import v8 from 'node:v8';

/** How far past what is live the heap may grow before V8 collects it whole (V8 allows up to 300). */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Whether pmkb should bound heap growth in this process: not when whoever started Node already tuned
 * the heap, on its command line or in NODE_OPTIONS.
 */
export function shouldBoundHeap(execArgv: readonly string[], nodeOptions = ''): boolean {
  const tuned = /--(?:heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|max[-_]heap[-_]size)\b/;
  return !execArgv.some((flag) => tuned.test(flag)) && !tuned.test(nodeOptions);
}

/**
 * For `pmkb build` and `pmkb dev`, for the whole process. Both make garbage fast while they render,
 * and V8 lets the heap grow to several times what is live before a full collection: a cold build of
 * 10 000 incidents peaked at 860 MB, and at 715 MB growing 30% at a time (session 3, when every
 * incident was held whole). Since the site holds incidents without their narratives, what is live
 * is small and a full collection cheap: a dev session at 10 000 incidents peaked at 423 MB instead
 * of 730–790 MB, for 0–60 ms more per metadata edit (README, Performance). The flag is read at
 * every collection, so setting it now takes effect.
 */
export function boundHeapGrowth(): void {
  if (shouldBoundHeap(process.execArgv, process.env.NODE_OPTIONS)) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
