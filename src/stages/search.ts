import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Outstanding } from '../core/concurrency.js';
import { WorkerPool, threadScript } from '../core/pool.js';
import { ShardHost, type SearchTask, type ShardResult } from './search/host.js';
import type { StagedFile } from './write.js';
import { INDEX_OPTIONS, pagefindVersion, reason } from './search/pagefind.js';
import { OTHER_SHARDS, SEARCH_FOLDER, SHARDS_FILE, shardCount, shardFolder, shardOf, shardsManifest } from './search/shards.js';

export { SEARCH_FOLDER } from './search/shards.js';

export interface SearchOptions {
  /** Searchable pages the site will have (its incident pages): sets how many shards the index has. */
  pages?: number;
  /** Pages per shard; tests use small shards to build several from a small site. */
  pagesPerShard?: number;
  /** Threads that index shards side by side; 0 indexes in this thread (Pagefind runs in its own process either way). */
  threads?: number;
  /** The output folder this build replaces: shards whose pages did not change are kept from it. */
  previousSite?: string;
  /** Searchable pages this build renders again (the others are the previous site's): their shards are indexed from the start. */
  changing?: readonly string[];
  /** Bounds each wait on Pagefind: one that stops answering is stopped, and the site has no search. */
  timeoutMs?: number;
}

/**
 * A search thread only passes pages on to its Pagefind process, holding at most a few at a time,
 * but V8 gives each thread a young generation of tens of MB: at 10 000 incidents the two threads
 * held ~100 MB of heap at the cold build's peak. With this limit, cold builds side by side peaked at
 * 439 and 459 MB against 467 and 476 MB, no slower: the pages are short-lived, so it only collects
 * them sooner.
 */
const FEEDER_LIMITS = { maxYoungGenerationSizeMb: 8 };

export type SearchResult = { pages: number; reused: number } | { error: string };

const PAGEFIND_VERSION = pagefindVersion();

/**
 * The Pagefind full-text index of a site, fed page by page while the site is written so that
 * indexing runs beside rendering instead of after it. A large site's index is split into shards
 * (see shards.ts) built in several threads; the browser merges them. Search is an extra: every
 * failure (no Pagefind binary for this platform, say) is a reason, never thrown, so the site is
 * still published.
 */
export class SearchIndex {
  private readonly shards: number;
  private readonly threads: number;
  private readonly pool?: WorkerPool<SearchTask>;
  private readonly host?: ShardHost;
  /** Resolves once every page offered so far was handed to its thread, in the order offered. */
  private turn: Promise<void> = Promise.resolve();
  /** Tasks sent to the threads and not yet answered; the first failure is kept, and write() reports it. */
  private readonly unanswered = new Outstanding();
  private failure?: string;
  private closed?: Promise<void>;

  private constructor(options: SearchOptions) {
    this.shards = shardCount(options.pages ?? 0, options.pagesPerShard);
    this.threads = Math.max(1, Math.min(options.threads ?? 0, this.shards));
    if ((options.threads ?? 0) > 0) this.pool = new WorkerPool<SearchTask>(this.threads, threadScript(import.meta.url, 'search/thread'), { resourceLimits: FEEDER_LIMITS });
    else this.host = new ShardHost();
  }

  static async start(options: SearchOptions = {}): Promise<SearchIndex> {
    const search = new SearchIndex(options);
    const site = options.previousSite;
    // An index is made of its pages (hashed as they come) and of how Pagefind indexes them: a new pmkb
    // that renders the same pages keeps every shard, a new Pagefind keeps none.
    // A binary chosen through Pagefind's own variables may be another version than the package's.
    const binaries = [process.env.PAGEFIND_EXTENDED_BINARY_PATH, process.env.PAGEFIND_BINARY_PATH].join('\0');
    const seed = `${PAGEFIND_VERSION}\0${binaries}\0${JSON.stringify(INDEX_OPTIONS)}`;
    const changing = new Set((options.changing ?? []).map((page) => shardOf(page, search.shards)));
    const opened = Array.from({ length: search.threads }, (_, thread) => {
      const shards = search.shardsOf(thread).map((shard) => ({
        shard,
        ...(site ? { previousFolder: path.join(site, shardFolder(shard)) } : {}),
        ...(changing.has(shard) ? { changing: true } : {}),
      }));
      return search.run(thread, { kind: 'search-open', shards, seed, timeoutMs: options.timeoutMs ?? 60_000 });
    });
    opened.forEach((task) => search.track(task));
    return search;
  }

  /**
   * Offers a file of the site, once `staged` says where it is on disk: pages marked searchable are
   * indexed, each shard's in the order offered (whatever order their files land in), so the index
   * is the same from build to build.
   */
  add(relativePath: string, staged: Promise<StagedFile>): void {
    if (!relativePath.endsWith('.html')) return;
    const shard = shardOf(relativePath, this.shards);
    // Awaited when its turn comes; a failure is reported then, not as an unhandled rejection now.
    staged.catch(() => undefined);
    const handed = this.turn.then(async () => {
      const { file, kept } = await staged;
      // Not awaited: a thread queues its pages, and one waiting on Pagefind must not hold up the others.
      this.track(this.run(this.threadOf(shard), { kind: 'search-add', shard, path: relativePath, file, kept }));
    });
    this.track(handed);
    this.turn = handed.catch(() => undefined);
  }

  /**
   * Writes every shard into `<siteDir>/pagefind/` once its pages are in, keeping from the previous
   * site the shards whose pages did not change; then stops Pagefind.
   */
  async write(siteDir: string): Promise<SearchResult> {
    const folder = path.join(siteDir, SEARCH_FOLDER);
    try {
      // Every page is handed to its thread once the turn is over; then the tasks can be awaited.
      await this.turn;
      await this.unanswered.settled();
      if (this.failure) return { error: this.failure };
      // Settled, not raced: a shard that failed must not leave the others writing into the folder removed.
      const settled = await Promise.allSettled(
        Array.from({ length: this.shards }, (_, shard) =>
          this.run<ShardResult>(this.threadOf(shard), {
            kind: 'search-write',
            shard,
            folder: path.join(siteDir, shardFolder(shard)),
            skip: shard === 0 ? OTHER_SHARDS : new Set<string>(),
          }),
        ),
      );
      const results = settled.map((s): ShardResult => (s.status === 'fulfilled' ? s.value : { error: reason(s.reason) }));
      const error = results.find((r) => 'error' in r);
      if (error) {
        // Some shards alone would find some incidents and silently miss the others.
        await rm(folder, { recursive: true, force: true });
        return error;
      }
      const written = results as Array<Exclude<ShardResult, { error: string }>>;
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, SHARDS_FILE), shardsManifest(written.map((r) => r.pages)));
      return { pages: written.reduce((n, r) => n + r.pages, 0), reused: written.filter((r) => r.reused).length };
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      return { error: reason(error) };
    } finally {
      await this.close();
    }
  }

  /** Stops Pagefind and the search threads, for a build that is done or failed. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.allSettled(Array.from({ length: this.threads }, (_, thread) => this.run(thread, { kind: 'search-close' })));
      await this.pool?.close();
    })();
    return this.closed;
  }

  private track(task: Promise<unknown>): void {
    this.unanswered.add(
      task.catch((error: unknown) => {
        this.failure ??= reason(error);
      }),
    );
  }

  private run<T = unknown>(thread: number, task: SearchTask): Promise<T> {
    return this.pool ? this.pool.runOn<T>(thread, task) : (this.host!.handle(task) as Promise<T>);
  }

  private threadOf(shard: number): number {
    return shard % this.threads;
  }

  private shardsOf(thread: number): number[] {
    return Array.from({ length: this.shards }, (_, shard) => shard).filter((shard) => this.threadOf(shard) === thread);
  }
}
