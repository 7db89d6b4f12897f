import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Site } from '../model/site.js';
import type { OutputFile, PagePlan, PublishedText } from '../stages/render.js';
import { updateSite, writeSite, type SiteFile, type StagedFile, type WriteOptions, type WriteResult } from '../stages/write.js';
import { pageHash, type DependencyHashes } from './deps.js';
import { hash, hashing } from './hash.js';
import { NarrativeStore } from './narratives.js';
import { writeAtomic } from './parse-cache.js';
import type { FileReport } from './model.js';
import type { WorkerPool } from './pool.js';

/** What was published at a path, so the next build can tell an unchanged page without rendering it. */
interface PageRecord {
  /** pageHash of the plan that rendered it. */
  hash: string;
  /** Hash of the bytes, so a re-rendered page can be compared without reading the old file. */
  content: string;
  size: number;
  mtimeMs: number;
}

/** The pages last published into one output folder. */
export interface PageManifest {
  pages: Map<string, PageRecord>;
  /** The manifest as read, so saving an unchanged one writes nothing. */
  saved?: string;
  /** Files the last build added beside the pages (the search index), which stay when nothing changed. */
  extra: number;
  /** What the last complete build was made from and what it reported, so an identical build can stop early. */
  build?: BuildRecord;
  /**
   * The page environment (see pageEnvironment) the pages were last published in. Under another one
   * every page is dirty, though most come out the same; under this one a dirty page had its own
   * inputs change.
   */
  environment?: string;
}

export interface BuildRecord {
  /** Hash of every input: the page environment, and each source's path and key (see inputsHash). */
  inputs: string;
  diagnostics: Diagnostic[];
  files: FileReport[];
}

export interface RenderContext {
  site: Site;
  config: Config;
  templatesDir: string;
  /** Threads to render in; without, pages render in this thread. */
  pool?: () => WorkerPool;
}
const PAGES_PER_TASK = 64;

export function manifestFile(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, 'pages', `${hash(path.resolve(outDir))}.json`);
}

export async function loadManifest(file: string): Promise<PageManifest> {
  try {
    const saved = await readFile(file, 'utf8');
    const data = JSON.parse(saved) as { pages?: Record<string, PageRecord>; extra?: unknown; build?: Partial<BuildRecord>; environment?: unknown };
    const pages = Object.entries(data.pages ?? {}).filter(
      ([, r]) => typeof r?.hash === 'string' && typeof r.content === 'string' && typeof r.size === 'number' && typeof r.mtimeMs === 'number',
    );
    const build = data.build;
    const validBuild = typeof build?.inputs === 'string' && Array.isArray(build.diagnostics) && Array.isArray(build.files);
    return {
      pages: new Map(pages),
      extra: typeof data.extra === 'number' ? data.extra : 0,
      ...(validBuild ? { build: build as BuildRecord } : {}),
      ...(typeof data.environment === 'string' ? { environment: data.environment } : {}),
      saved,
    };
  } catch {
    // None yet, or unreadable: every page is rendered, which is always correct.
    return { pages: new Map(), extra: 0 };
  }
}

export async function saveManifest(file: string, manifest: PageManifest): Promise<void> {
  const text = JSON.stringify({ pages: Object.fromEntries(manifest.pages), extra: manifest.extra, build: manifest.build, environment: manifest.environment });
  if (text === manifest.saved) return;
  await writeAtomic(file, text).catch(() => undefined);
  manifest.saved = text;
}

/**
 * Splits the plans into pages that must be rendered and pages the output folder already holds: same
 * page hash as when they were published, and (with `verify`) the file still the one written then.
 * Only a folder nobody else writes may skip the check.
 */
export interface SortedPlans {
  /** Each plan's page hash (undefined when it has an input of unknown kind). */
  hashes: Map<string, string | undefined>;
  dirty: PagePlan[];
  clean: PagePlan[];
  verify: boolean;
  /** The page environment the hashes were made in. */
  environment: string;
}

export function sortPlans(plans: readonly PagePlan[], environment: string, values: DependencyHashes, outDir: string, manifest: PageManifest, verify = true): SortedPlans {
  const hashes = new Map(plans.map((plan) => [plan.path, pageHash(environment, plan.deps, values)]));
  const dirty: PagePlan[] = [];
  const clean: PagePlan[] = [];
  for (const plan of plans) {
    const record = manifest.pages.get(plan.path);
    const current = hashes.get(plan.path);
    const unchanged = record && current !== undefined && record.hash === current && (!verify || intact(outDir, plan.path, record));
    (unchanged ? clean : dirty).push(plan);
  }
  return { hashes, dirty, clean, verify, environment };
}

/** The text of each page `sorted` found unchanged, read from `outDir` (see PublishedText). */
export function publishedText(outDir: string, sorted: Pick<SortedPlans, 'clean'>): PublishedText {
  const clean = new Set(sorted.clean.map((plan) => plan.path));
  return (relative) => (clean.has(relative) ? pageText(outDir, relative) : undefined);
}

/** A page's text in a site folder; undefined when it is gone (the caller makes it again). */
function pageText(siteDir: string, relative: string): string | undefined {
  try {
    return readFileSync(path.join(siteDir, relative), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The text of pages this build has already written to its staging folder (see PublishedText), so a
 * page made of other pages' text takes it from there instead of making it again. A page still being
 * written is not found, and is made again by whoever asked.
 */
export class StagedPages {
  private readonly done = new Set<string>();
  /** The staging folder, once the first page is staged: what a failed build removes. */
  dir?: string;

  /** Told of each page as writeSite stages it (see WriteOptions.onFile). */
  add(relative: string, staged: Promise<StagedFile>, stagingDir: string): void {
    this.dir = stagingDir;
    staged.then(
      () => this.done.add(relative),
      () => undefined,
    );
  }

  readonly text: PublishedText = (relative) => (this.dir && this.done.has(relative) ? pageText(this.dir, relative) : undefined);
}

/** Every page recorded as published is still in `outDir` as it was written. */
export function outputIntact(outDir: string, manifest: PageManifest): boolean {
  if (manifest.pages.size === 0) return false;
  for (const [relative, record] of manifest.pages) if (!intact(outDir, relative, record)) return false;
  return true;
}

/** The file is still the one published: same size and modification time as recorded. */
function intact(outDir: string, relative: string, record: PageRecord): boolean {
  // Synchronous, like the parse stage's reads: thousands of stats are faster without the thread pool.
  const info = statSync(path.join(outDir, relative), { throwIfNoEntry: false });
  return Boolean(info?.isFile() && info.size === record.size && info.mtimeMs === record.mtimeMs);
}

/**
 * Renders pages one after another, or in worker threads. Threads get the site's incidents, group and
 * plan them exactly as this thread did, and render the paths asked for.
 * Pages come out in plan order either way, a few tasks ahead of the writer, so memory holds a
 * bounded number of rendered pages.
 */
export async function* renderPages(plans: readonly PagePlan[], context: RenderContext): AsyncGenerator<OutputFile> {
  if (!context.pool || plans.length === 0) {
    for (const plan of plans) yield { path: plan.path, content: plan.render() };
    return;
  }
  const pool = context.pool();
  const { incidents, narratives } = context.site;
  // Threads read narratives as this thread does: from the same cache, or from the text it holds.
  if (!(narratives instanceof NarrativeStore)) throw new Error('Pages render in threads only from a site whose narratives a thread can read (a NarrativeStore).');
  await pool.each({ kind: 'site', incidents, narratives: narratives.data(), config: context.config, templatesDir: context.templatesDir });
  const tasks: Array<Promise<OutputFile[]>> = [];
  let sent = 0;
  const send = () => {
    const paths = plans.slice(sent, sent + PAGES_PER_TASK).map((p) => p.path);
    sent += paths.length;
    const task = pool.run<OutputFile[]>({ kind: 'render', paths });
    // Failures surface when the task's turn comes; until then they must not count as unhandled.
    task.catch(() => undefined);
    tasks.push(task);
  };
  try {
    while (sent < plans.length && tasks.length < pool.size * 2) send();
    while (tasks.length > 0) {
      const files = await tasks.shift()!;
      if (sent < plans.length) send();
      yield* files;
    }
  } finally {
    await Promise.allSettled(tasks);
    await pool.each({ kind: 'release' }).catch(() => undefined);
  }
}

/** Records for the pages just published, from the files as they now are. */
function record(outDir: string, digests: ReadonlyMap<string, string>, hashes: ReadonlyMap<string, string | undefined>, manifest: PageManifest): void {
  for (const [relative, content] of digests) {
    const pageHashValue = hashes.get(relative);
    const info = statSync(path.join(outDir, relative), { throwIfNoEntry: false });
    if (pageHashValue === undefined || !info) manifest.pages.delete(relative);
    else manifest.pages.set(relative, { hash: pageHashValue, content, size: info.size, mtimeMs: info.mtimeMs });
  }
}

export interface PublishResult extends WriteResult {
  rendered: number;
  /** Paths whose bytes changed or that were removed (in-place publishing only). */
  changed: string[];
}

/**
 * Publishes a site's plans into `outDir`, rendering only pages whose inputs changed. `staging` is the
 * build's atomic swap (skipped entirely when nothing changed); `in-place` is dev mode's update.
 */
export async function publish(
  outDir: string,
  plans: readonly PagePlan[],
  sorted: SortedPlans,
  manifest: PageManifest,
  context: RenderContext & {
    mode: 'staging' | 'in-place';
    write?: WriteOptions;
    /** In place only: the plans are some of the site's pages, and the others stay as they are. */
    partial?: boolean;
    /**
     * Staging only: the output folder lacks what `write.afterWrite` adds (a search index that failed
     * last time), so it is staged even when every page is as published.
     */
    incomplete?: boolean;
    /** In place only: asked between pages; true stops publishing, leaving the rest for later. */
    cancelled?: () => boolean;
  },
): Promise<PublishResult> {
  const { hashes, dirty, clean, verify } = sorted;
  // Whatever is published now, the last build's record no longer describes the folder until build() says so.
  manifest.build = undefined;
  const wanted = new Set(plans.map((p) => p.path));
  const removed = context.partial ? [] : [...manifest.pages.keys()].filter((p) => !wanted.has(p));
  for (const gone of removed) manifest.pages.delete(gone);
  // A re-rendered page whose bytes hash as published is kept as it is, without reading the old file.
  const digests = new Map<string, string>();
  async function* rendered(): AsyncGenerator<SiteFile> {
    for await (const file of renderPages(dirty, context)) {
      // Pages not rendered keep their old records, so they still count as changed next time.
      if (context.cancelled?.()) return;
      if (typeof file.content !== 'string' && !(file.content instanceof Uint8Array)) {
        // Too large to hold twice: written as it is made, and hashed on the way.
        yield { path: file.path, content: hashing(file.content, (digest) => digests.set(file.path, digest)) };
        continue;
      }
      // Encoded once, then hashed and written as bytes: a page of megabytes is not converted thrice.
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      const digest = hash(bytes);
      digests.set(file.path, digest);
      const record = manifest.pages.get(file.path);
      const same = record?.content === digest && (!verify || intact(outDir, file.path, record));
      // In a folder nobody else writes, a record with another digest means other bytes: no need to compare.
      yield same ? { path: file.path, reuse: true } : { path: file.path, content: bytes, differs: Boolean(record) && !verify };
    }
  }
  let result: PublishResult;
  try {
    if (context.mode === 'in-place') {
      const update = await updateSite(outDir, rendered(), removed);
      result = { written: update.written.length, unchanged: plans.length - update.written.length, rendered: dirty.length, changed: [...update.written, ...update.removed] };
    } else if (dirty.length === 0 && removed.length === 0 && !context.incomplete) {
      // The output folder already is this site: nothing to stage, swap or index again.
      return { written: 0, unchanged: plans.length + manifest.extra, rendered: 0, changed: [] };
    } else {
      // In plan order, kept or rendered alike: the search index numbers pages in the order they
      // come, and must be the same whichever pages this build happened to render.
      async function* files(): AsyncGenerator<SiteFile> {
        const kept = new Set(clean);
        const fresh = rendered();
        for (const plan of plans) {
          if (kept.has(plan)) {
            yield { path: plan.path, reuse: true };
            continue;
          }
          const next = await fresh.next();
          if (!next.done) yield next.value;
        }
        // Ends the render (and releases its threads) even if it had more than the plans asked for.
        await fresh.return(undefined);
      }
      result = { ...(await writeSite(outDir, files(), context.write)), rendered: dirty.length, changed: [] };
      manifest.extra = result.written + result.unchanged - plans.length;
    }
  } catch (error) {
    // Some of these may have been written before the failure: forget what they were, so the next
    // publish compares them by their bytes on disk.
    for (const plan of dirty) manifest.pages.delete(plan.path);
    throw error;
  }
  // Clean pages keep their records: linked or left in place, they are the same files.
  record(outDir, digests, hashes, manifest);
  manifest.environment = sorted.environment;
  return result;
}
