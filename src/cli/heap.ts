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
 * For `pmkb build`. A build keeps every incident in memory and makes garbage fast while it renders,
 * and V8 lets the heap grow to several times what is live before a full collection: a cold build of
 * 10 000 incidents peaked at 860 MB. Growing 30% at a time it peaked at 715 MB in the same time
 * (README, Performance). Not for `pmkb dev`: there the extra full collections landed on edits, and
 * metadata edits' p95 rose from about 400 to 500–630 ms (the dev session's peak fell from 1.9 to
 * 1 GB). The flag is read at every collection, so setting it now takes effect.
 */
export function boundHeapGrowth(): void {
  if (shouldBoundHeap(process.execArgv, process.env.NODE_OPTIONS)) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
