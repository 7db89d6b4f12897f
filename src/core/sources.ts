import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../stages/discover.js';
import { eachConcurrently } from './concurrency.js';
import { analysisText, splitAnalysisText } from './analysis-text.js';
import type { AnalyzedFile } from './analyze.js';
import { hash } from './hash.js';
import type { ParseCache } from './parse-cache.js';
import type { WorkerPool } from './pool.js';

/** One source file and what was learned from it; `key` names its content (null when it could not be read). */
export interface Analysis {
  source: SourceFile;
  key: string | null;
  file: AnalyzedFile;
  /**
   * The JSON text of the file's narratives (see Analyzed) while no cache holds them: a build
   * without a cache keeps them here, one with a cache reads them from it when a page needs them.
   */
  narratives?: string;
}

export interface AnalyzeOptions {
  /** What results depend on besides path and bytes (see parseEnvironment): part of every key. */
  environment: string;
  cache?: ParseCache;
  /** Threads to parse with, started only when there is enough to parse (see POOL_MIN_FILES). */
  pool?: () => WorkerPool;
  /** Use the pool whatever the number of files (tests proving pooled and in-process results agree). */
  forcePool?: boolean;
}

export interface AnalyzeStats {
  parsed: number;
  cached: number;
}

/** Below this many files to parse, starting threads costs more than it saves. */
export const POOL_MIN_FILES = 48;
/** Files read, hashed or parsed at once: enough to keep threads busy, few enough to bound memory. */
const IN_FLIGHT = 32;

function unreadable(source: SourceFile, error: unknown): AnalyzedFile {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist (or was deleted while pmkb was reading)' : String((error as Error).message);
  return { path: source.path, incidents: [], diagnostics: [diagnostic('file-unreadable', source.path, undefined, { reason })], checks: [] };
}

/**
 * The parse stage: reads every file, takes what the cache already knows, and parses the rest in
 * worker threads, or in this thread when there are only a few. `stored` settles once the cache
 * holds every new analysis (or could not). Every result goes through the same
 * JSON form the cache and the threads use, so results are identical however they were computed.
 */
export async function analyzeSources(
  sources: readonly SourceFile[],
  config: Config,
  options: AnalyzeOptions,
): Promise<{ analyses: Analysis[]; stats: AnalyzeStats; stored: Promise<void> }> {
  const { cache } = options;
  const stats: AnalyzeStats = { parsed: 0, cached: 0 };
  const analyses = new Array<Analysis>(sources.length);
  let pool: WorkerPool | undefined;
  // Misses wait here until there are enough to be worth starting threads for.
  const waiting: Array<() => Promise<void>> = [];

  // Written beside parsing, not before the next file: only the end of the stage waits for them.
  const stored: Array<Promise<void>> = [];
  const parse = async (index: number, content: Buffer, key: string): Promise<void> => {
    const source = sources[index]!;
    stats.parsed++;
    let text: string;
    if (pool) {
      text = await pool.run<string>({ kind: 'analyze', path: source.path, content });
    } else {
      // Loaded on first use: a build that finds everything in the cache never loads the markdown parser.
      const { analyzeFile } = await import('./analyze.js');
      text = analysisText(analyzeFile(source.path, content, config));
    }
    const analysis = analysisFromText(source, key, text);
    analyses[index] = analysis;
    // Once the cache holds them, the narratives are read from it: memory holds none of them.
    if (cache) stored.push(cache.put(key, text).then((kept) => void (kept && delete analysis.narratives)));
  };
  const started: Array<Promise<void>> = [];
  const startPool = async () => {
    pool = options.pool!();
    await pool.each({ kind: 'config', config });
    await Promise.all(waiting.splice(0).map((run) => run()));
  };

  await eachConcurrently(sources.entries(), IN_FLIGHT, async ([index, source]) => {
    let content: Buffer;
    try {
      // Synchronous: for thousands of small files, a thread-pool round trip per file costs more than the read.
      content = readFileSync(source.absolute);
    } catch (error) {
      analyses[index] = { source, key: null, file: unreadable(source, error) };
      return;
    }
    const key = sourceKey(options.environment, source, content);
    const hit = cache?.get(key, source.path);
    if (hit) {
      analyses[index] = { source, key, file: hit };
      stats.cached++;
    } else if (pool || !options.pool) {
      await parse(index, content, key);
    } else {
      waiting.push(() => parse(index, content, key));
      if (options.forcePool || waiting.length === POOL_MIN_FILES) started.push(startPool());
    }
  });
  await Promise.all(started);
  // Fewer misses than it takes to start threads: parse them here.
  for (const run of waiting.splice(0)) await run();
  // Not awaited here: an edit in dev mode need not wait for the disk (a write costs more than a parse).
  return { analyses, stats, stored: Promise.all(stored).then(() => undefined) };
}

/** A file's analysis from the text threads send (see analysisText), its narratives held as text. */
export function analysisFromText(source: SourceFile, key: string, text: string): Analysis {
  const parts = splitAnalysisText(text)!;
  return { source, key, file: JSON.parse(parts.file) as AnalyzedFile, narratives: parts.narratives };
}

/** Names a file's analysis: the same path and bytes under the same environment parse the same. */
function sourceKey(environment: string, source: SourceFile, content: Uint8Array): string {
  return hash(environment, source.path, content);
}

/**
 * Each source's key from its bytes as they are now, null when it cannot be read: enough to tell
 * that nothing changed without loading a single analysis.
 */
export function sourceKeys(sources: readonly SourceFile[], environment: string): Array<string | null> {
  return sources.map((source) => {
    try {
      return sourceKey(environment, source, readFileSync(source.absolute));
    } catch {
      return null;
    }
  });
}
