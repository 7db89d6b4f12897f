import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { findConfigFile, type Config } from '../config/config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Incident } from '../model/incident.generated.js';
import { TEMPLATES_DIR } from '../model/schemas.js';
import { wholeIncident, type Listed, type Site } from '../model/site.js';
import { discover, explicitFiles } from '../stages/discover.js';
import type { PublishedText } from '../stages/render.js';
import type { SearchResult } from '../stages/search.js';
import { SEARCH_FOLDER, SHARDS_FILE } from '../stages/search/shards.js';
import { checkOutputFolder, type WriteResult } from '../stages/write.js';
import { loadConfigFile } from './config-file.js';
import { hash, pageEnvironment, parseEnvironment } from './hash.js';
import { buildSite } from '../stages/indexes.js';
import { dependencyHashes } from './deps.js';
import { buildModel, type FileReport } from './model.js';
import { loadManifest, manifestFile, outputIntact, publish, publishedText, saveManifest, sortPlans, StagedPages, type PageManifest } from './pages.js';
import { cacheRoot, ParseCache } from './parse-cache.js';
import { defaultWorkers, WorkerPool } from './pool.js';
import { analyzeSources, sourceKeys, type Analysis } from './sources.js';

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
   * False when the caller needs only the report (diagnostics, file counts, output) and not the
   * incidents themselves: the build returns none, so it never holds every narrative at once (the
   * site holds them in the parse cache), and a build whose site is already up to date skips loading
   * the incidents at all (see BuildWork.upToDate). Default true.
   */
  incidents?: boolean;
  /**
   * Worker threads. By default one per core for parsing, started only when there is enough to parse,
   * and pages render in this thread; 0 keeps everything in this thread; a number uses that many
   * threads for parsing and rendering, for any input.
   */
  workers?: number;
  /** Incident pages per shard of the search index (see stages/search/shards.ts); tests build several shards from a small site. */
  searchPagesPerShard?: number;
}

/** How much work a build did: a warm build with nothing changed parses and renders nothing. */
export interface BuildWork {
  /** Files parsed (not found in the cache). */
  parsed: number;
  /** Files whose parse came from the cache. */
  cached: number;
  /** Pages rendered (the others were already in the output folder). */
  rendered: number;
  /**
   * Only with `incidents: false`: the sources, config and templates were exactly those of the last
   * build into the same output folder, which is still as that build left it. Nothing was parsed,
   * rendered or written; the diagnostics and file reports are the ones that build found.
   */
  upToDate: boolean;
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
  const work: BuildWork = { parsed: 0, cached: 0, rendered: 0, upToDate: false };
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
  // computes what pages share across the corpus (related incidents) again, which at 10 000
  // incidents made threaded rendering slower than rendering here, and twice as large.
  const renderThreads = startPool && options.workers !== undefined ? { pool: startPool } : {};

  try {
    const sources = await stage('discover', timings, () => (explicit ? explicitFiles(options.paths!, cwd, config) : discover(srcDir, config)));
    const cache = cacheDir ? new ParseCache(cacheDir) : undefined;
    const environment = parseEnvironment(config);
    const pages = pageEnvironment(config, TEMPLATES_DIR);
    const manifestPath = cacheDir && options.write !== false ? manifestFile(cacheDir, outDir) : undefined;
    const manifest: PageManifest = manifestPath ? await loadManifest(manifestPath) : { pages: new Map(), extra: 0 };
    const record = options.incidents === false ? manifest.build : undefined;
    if (record) {
      const upToDate = await stage('read', timings, () => {
        const keys = sourceKeys(sources, environment);
        const inputs = inputsHash(pages, sources.map((source, i) => ({ source, key: keys[i]! })));
        return inputs === record.inputs && outputIntact(outDir, manifest);
      });
      if (upToDate) {
        // The site those inputs make is already there, and so is the report of the build that made it.
        work.upToDate = true;
        return Object.assign(result, { diagnostics: record.diagnostics, files: record.files, output: { written: 0, unchanged: manifest.pages.size + manifest.extra, dir: outDir } });
      }
    }

    const { analyses, stats } = await stage('parse', timings, async () => {
      const parsed = await analyzeSources(sources, config, { environment, cache, ...parseThreads });
      await parsed.stored;
      return parsed;
    });
    Object.assign(work, stats);
    if (!renderThreads.pool) {
      // Parse threads hold their own heaps; a site as large as the corpus is about to be rendered here.
      await pool?.close();
      pool = undefined;
    }
    const model = await stage('validate', timings, () => buildModel(analyses, cache ? { cache } : {}));
    // Whole incidents only for callers that want them: the site holds their narratives on disk.
    const whole = (incidents: readonly Listed[]) => (options.incidents === false ? [] : incidents.map((i) => wholeIncident(i, model.narratives.get(i))));
    result.diagnostics = model.diagnostics;
    result.files = model.files;
    // Only a build that added entries can have pushed the cache over its limit.
    if (cache && !explicit && stats.parsed > 0) await cache.prune(new Set(analyses.flatMap((a) => (a.key ? [a.key] : []))));

    if (options.write === false) return Object.assign(result, { incidents: whole(model.incidents) });
    const site = await stage('indexes', timings, () => buildSite(model.incidents, model.narratives));
    result.site = site;
    // Loaded here, not above: a build that finds its site up to date never needs the templates.
    const [{ planSite }, { relatedIncidents }, { SearchIndex }] = await Promise.all([
      import('../stages/render.js'),
      import('../stages/related.js'),
      import('../stages/search.js'),
    ]);
    const related = await stage('related', timings, () => relatedIncidents(site.incidents));
    const staged = new StagedPages();
    const { plans, sorted } = await stage('plan', timings, () => {
      let asPublished: PublishedText = () => undefined;
      // incidents.json comes after the incidents' JSON pages: it takes their text as published, or as just written.
      const plans = planSite(site, config, TEMPLATES_DIR, related, undefined, (page) => asPublished(page) ?? staged.text(page));
      const sorted = sortPlans(plans, pages, dependencyHashes(site, model.fingerprints, () => related), outDir, manifest);
      asPublished = publishedText(outDir, sorted);
      return { plans, sorted };
    });
    // Started before rendering and fed each page as it is written: indexing runs beside rendering.
    const search = await SearchIndex.start({
      pages: site.incidents.length,
      threads,
      previousSite: outDir,
      // Under a new environment (templates, config, pmkb) every page is dirty, and most come out the same.
      changing: manifest.environment === pages ? sorted.dirty.filter((plan) => plan.searchable).map((plan) => plan.path) : [],
      ...(options.searchPagesPerShard ? { pagesPerShard: options.searchPagesPerShard } : {}),
    });
    let searchFailed = false;
    // Pagefind writes the index as soon as it has the last page, while the files that follow it
    // (incidents.json, hundreds of megabytes at 10 000 incidents) are still being made.
    let searchable = plans.filter((plan) => plan.path.endsWith('.html')).length;
    let indexing: Promise<SearchResult> | undefined;
    const published = await stage('render+write', timings, () =>
      publish(outDir, plans, sorted, manifest, {
        site,
        config,
        templatesDir: TEMPLATES_DIR,
        ...renderThreads,
        mode: 'staging',
        // A search index that failed last time is tried again, even if no page changed.
        incomplete: !existsSync(path.join(outDir, SEARCH_FOLDER, SHARDS_FILE)),
        write: {
          onFile: (relativePath, file, staging) => {
            staged.add(relativePath, file, staging);
            search.add(relativePath, file);
            if (relativePath.endsWith('.html') && --searchable === 0) indexing = search.write(staging);
          },
          afterWriteFolder: SEARCH_FOLDER,
          afterWrite: async (staging) => {
            const start = performance.now();
            const indexed = await (indexing ?? search.write(staging));
            timings.search = Math.round((performance.now() - start) * 10) / 10;
            if ('error' in indexed) {
              searchFailed = true;
              result.diagnostics.push(diagnostic('search-index-failed', path.relative(cwd, outDir) || '.', undefined, { reason: indexed.error }));
            }
          },
        },
      })
        .catch(async (error: unknown) => {
          // The index may still have been writing into the staging folder the failed write removed;
          // a folder left now would never be removed (its name holds this process's id).
          await indexing;
          if (staged.dir) await rm(staged.dir, { recursive: true, force: true }).catch(() => undefined);
          throw error;
        })
        .finally(() => search.close()),
    );
    // A site without its search index is not worth keeping as is: the next build tries again.
    if (!searchFailed) manifest.build = { inputs: inputsHash(pages, analyses), diagnostics: result.diagnostics, files: result.files };
    if (manifestPath) await saveManifest(manifestPath, manifest);
    work.rendered = published.rendered;
    result.incidents = whole(site.incidents);
    result.output = { written: published.written, unchanged: published.unchanged, dir: outDir };
    return result;
  } finally {
    await pool?.close();
  }
}

/** Everything a site is built from: the page environment and each source's path and key, in order. */
function inputsHash(pages: string, analyses: ReadonlyArray<Pick<Analysis, 'source' | 'key'>>): string {
  return hash(pages, ...analyses.flatMap((a) => [a.source.path, a.key ?? 'unreadable']));
}

