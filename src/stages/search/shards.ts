import { createHash } from 'node:crypto';
import path from 'node:path';

/** The folder Pagefind's browser script expects at the site root; it holds the first shard. */
export const SEARCH_FOLDER = 'pagefind';
/** Beside the first shard's files: which further shards the browser merges into it. */
export const SHARDS_FILE = 'shards.json';
/** Under SEARCH_FOLDER: one folder per further shard, named by its number. */
const SHARDS_FOLDER = 'shards';

/**
 * Pages per shard. Pagefind indexes on one core per index, so a large site is split into shards that
 * index side by side, and a rebuild indexes again only the shards whose pages changed. Readers pay a
 * few requests per shard when they search, so shards stay few: small sites have one.
 */
export const PAGES_PER_SHARD = 1250;
export const MAX_SHARDS = 8;

/** How many shards a site with `pages` searchable pages is split into: the same on any machine. */
export function shardCount(pages: number, pagesPerShard = PAGES_PER_SHARD): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(pages / pagesPerShard)));
}

/**
 * The shard a page belongs to, from its path alone: adding or removing a page leaves every other
 * page in its shard, so only that shard is indexed again.
 */
export function shardOf(relativePath: string, shards: number): number {
  if (shards === 1) return 0;
  return createHash('sha1').update(relativePath).digest().readUInt32BE(0) % shards;
}

/** The shard's folder, relative to the site root: `pagefind/` for the first, `pagefind/shards/<n>/` after. */
export function shardFolder(shard: number): string {
  return shard === 0 ? SEARCH_FOLDER : path.join(SEARCH_FOLDER, SHARDS_FOLDER, String(shard));
}

/**
 * What the browser reads from SHARDS_FILE: the folders of the shards that hold pages, relative to
 * `pagefind/`, the first one searched first. Pagefind cannot load an index without pages, and a
 * shard the hash left empty would break every search.
 */
export function shardsManifest(pagesPerShard: readonly number[]): string {
  const folders = pagesPerShard.flatMap((pages, shard) => (pages > 0 ? [shard === 0 ? './' : `${SHARDS_FOLDER}/${shard}/`] : []));
  return `${JSON.stringify({ shards: folders })}\n`;
}

/** Names inside the first shard's folder that belong to the other shards, not to it. */
export const OTHER_SHARDS = new Set([SHARDS_FOLDER, SHARDS_FILE]);
