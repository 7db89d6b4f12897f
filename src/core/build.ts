import path from 'node:path';
import { findConfigFile, type Config } from '../config/config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Incident } from '../model/incident.generated.js';
import type { Site } from '../model/site.js';
import { discover, explicitFiles } from '../stages/discover.js';
import { buildSite } from '../stages/indexes.js';
import { relatedIncidents } from '../stages/related.js';
import { planSite, TEMPLATES_DIR } from '../stages/render.js';
import { indexSearch } from '../stages/search.js';
import { checkOutputFolder, type WriteResult } from '../stages/write.js';
import { loadConfigFile } from './config-file.js';
import { dependencyHashes } from './deps.js';
import { pageEnvironment, parseEnvironment } from './hash.js';
import { buildModel, type FileReport } from './model.js';
import { loadManifest, manifestFile, publish, saveManifest, sortPlans } from './pages.js';
import { cacheRoot, ParseCache } from './parse-cache.js';
import { defaultWorkers, WorkerPool } from './pool.js';
import { analyzeSources } from './sources.js';

export type { FileReport } from './model.js';

export interface BuildOptions {
  cwd?: string;
  /** Source folder; default from config, else `postmortems`. */
  src?: string;
  /** Output folder; default from config, else `site`. */
  out?: string;
  config?: string;
  /** Specific files or folders to read instead of the source folder (check only). */
  paths?: string[];
  /** False for `pmkb check`: run every stage up to validation, write nothing. */
  write?: boolean;
  /** Reuse what earlier builds learned, kept in `.pmkb-cache/` beside the config file (default true). */
  cache?: boolean;
  /**
   * Worker threads. By default one per core for parsing, started only when there is enough to parse,
   * and pages render in this thread; 0 keeps everything in this thread; a number uses that many
   * threads for parsing and rendering, for any input.
   */
  workers?: number;
}

/** How much work a build did: a warm build with nothing changed parses and renders nothing. */
export interface BuildWork {
  /** Files parsed (not found in the cache). */
  parsed: number;
  /** Files whose parse came from the cache. */
  cached: number;
  /** Pages rendered (the others were already in the output folder). */
  rendered: number;
}

export interface BuildResult {
  config: Config;
  configDiagnostics: Diagnostic[];
  incidents: Incident[];
  site?: Site;
  diagnostics: Diagnostic[];
  /** Every file read and how many incidents it yielded: nothing is lost silently. */
  files: FileReport[];
  output?: WriteResult & { dir: string };
  /** The folder that diagnostic and source paths are relative to. */
  root: string;
  timings: Record<string, number>;
  work: BuildWork;
}

/** Wraps a stage's failure with which stage and what it was doing, keeping the cause. */
export class StageError extends Error {
  constructor(stage: string, cause: unknown) {
    super(`Having trouble in the ${stage} stage: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs one stage, recording its time in `timings` and naming it in any failure. */
export async function stage<T>(name: string, timings: Record<string, number>, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } catch (error) {
    throw error instanceof StageError ? error : new StageError(name, error);
  } finally {
    timings[name] = Math.round((performance.now() - start) * 10) / 10;
  }
}

/**
 * The pipeline, in order: config → discover → parse (and extract) → ids → validate → indexes →
 * render → write. The only place that knows the order.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const timings: Record<string, number> = {};
  const loaded = await stage('config', timings, async () => loadConfigFile(await findConfigFile(cwd, options.config), cwd));
  const config = loaded.config;
  const srcDir = path.resolve(cwd, options.src ?? config.src);
  const explicit = Boolean(options.paths?.length);
  const work: BuildWork = { parsed: 0, cached: 0, rendered: 0 };
  const result: BuildResult = { config, configDiagnostics: loaded.diagnostics, incidents: [], diagnostics: [], files: [], root: explicit ? cwd : srcDir, timings, work };
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return result;

  const outDir = path.resolve(cwd, options.out ?? config.out);
  if (options.write !== false) checkOutputFolder(outDir, srcDir, cwd);
  // A folder where the cache cannot be made (read-only checkout) only makes the build slower.
  const cacheDir = options.cache === false ? undefined : await cacheRoot(loaded.file ? path.dirname(loaded.file) : cwd).catch(() => undefined);
  const threads = options.workers ?? defaultWorkers();
  let pool: WorkerPool | undefined;
  const startPool = threads > 0 ? () => (pool ??= new WorkerPool(threads)) : undefined;
  const parseThreads = startPool ? { pool: startPool, forcePool: options.workers !== undefined } : {};
  // Rendering in threads only when asked for: every thread needs its own copy of the site and
  // recomputes what pages share across the corpus (related incidents), which at 10 000 incidents
  // made threaded rendering slower and twice as large as rendering here (README, Performance).
  const renderThreads = startPool && options.workers !== undefined ? { pool: startPool } : {};

  try {
    const sources = await stage('discover', timings, () => (explicit ? explicitFiles(options.paths!, cwd, config) : discover(srcDir, config)));
    const cache = cacheDir ? new ParseCache(cacheDir) : undefined;
    const { analyses, stats } = await stage('parse', timings, () => analyzeSources(sources, config, { environment: parseEnvironment(config), cache, ...parseThreads }));
    Object.assign(work, stats);
    const model = await stage('validate', timings, () => buildModel(analyses));
    result.incidents = model.incidents;
    result.diagnostics = model.diagnostics;
    result.files = model.files;
    // Only a build that added entries can have pushed the cache over its limit.
    if (cache && !explicit && stats.parsed > 0) await cache.prune(new Set(analyses.flatMap((a) => (a.key ? [a.key] : []))));

    if (options.write === false) return result;
    const site = await stage('indexes', timings, () => buildSite(result.incidents));
    result.site = site;
    result.incidents = site.incidents;
    const environment = pageEnvironment(config, TEMPLATES_DIR);
    const manifestPath = cacheDir ? manifestFile(cacheDir, outDir) : undefined;
    const manifest = manifestPath ? await loadManifest(manifestPath) : { pages: new Map(), extra: 0 };
    const related = await stage('related', timings, () => relatedIncidents(site.incidents));
    const { plans, sorted } = await stage('plan', timings, () => {
      const plans = planSite(site, config, TEMPLATES_DIR, related);
      return { plans, sorted: sortPlans(plans, environment, dependencyHashes(site, model.fingerprints, () => related), outDir, manifest) };
    });
    const published = await stage('render+write', timings, () =>
      publish(outDir, plans, sorted, manifest, {
        site,
        config,
        templatesDir: TEMPLATES_DIR,
        ...renderThreads,
        mode: 'staging',
        write: {
          afterWrite: async (staging) => {
            const start = performance.now();
            const indexed = await indexSearch(staging);
            timings.search = Math.round((performance.now() - start) * 10) / 10;
            if ('error' in indexed) result.diagnostics.push(diagnostic('search-index-failed', path.relative(cwd, outDir) || '.', undefined, { reason: indexed.error }));
          },
        },
      }),
    );
    if (manifestPath) await saveManifest(manifestPath, manifest);
    work.rendered = published.rendered;
    result.output = { written: published.written, unchanged: published.unchanged, dir: outDir };
    return result;
  } finally {
    await pool?.close();
  }
}
