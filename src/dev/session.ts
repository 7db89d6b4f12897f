import path from 'node:path';
import { findConfigFile, type Config } from '../config/config.js';
import { loadConfigFile } from '../core/config-file.js';
import { hasErrors } from '../core/analyze.js';
import { pageEnvironment, parseEnvironment, refreshCodeVersion } from '../core/hash.js';
import { stage } from '../core/build.js';
import { buildModel } from '../core/model.js';
import { loadManifest, manifestFile, saveManifest } from '../core/pages.js';
import { MissingNarrativeError } from '../core/narratives.js';
import { cacheRoot, ParseCache } from '../core/parse-cache.js';
import { defaultWorkers, WorkerPool } from '../core/pool.js';
import { analyzeSources, POOL_MIN_FILES, type Analysis } from '../core/sources.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SCHEMAS_DIR, TEMPLATES_DIR } from '../model/schemas.js';
import { discover, type SourceFile } from '../stages/discover.js';
import { buildSite } from '../stages/indexes.js';
import { checkOutputFolder } from '../stages/write.js';
import { editedDiagnostics, incidentEdits } from './edits.js';
import { Publisher } from './publisher.js';
import type { Changes, DevOptions, Rebuild } from './rebuild.js';

const noChanges = (): Changes => ({ sources: new Set(), rediscover: false, config: false, schemas: false });
const LOST = Symbol('narratives lost');

const WARM_UP = '---\ntitle: Warm-up\ndate: 2024-01-02\nstatus: resolved\n---\n\n## Summary\n\nText.\n\n## Timeline\n\n- 10:00 UTC Start.\n';

/**
 * The state of `pmkb dev` between rebuilds. A rebuild parses only the files that changed, regroups
 * the site (cheap), and renders only pages whose dependency hashes changed; a file with errors keeps
 * its last good analysis, so its pages stay served while its problems are shown.
 */
export class DevSession {
  config!: Config;
  configFile?: string;
  srcDir!: string;
  readonly outDir: string;
  private configDiagnostics: Diagnostic[] = [];
  /** The latest analysis of every source, by relative path: where diagnostics come from. */
  private latest = new Map<string, Analysis>();
  /** What the site is built from: the latest analysis, or the last one without errors. */
  private good = new Map<string, Analysis>();
  private sources: SourceFile[] = [];
  private publisher!: Publisher;
  private followUpRun?: { cancelled: boolean; done: Promise<Rebuild | null> };
  private pool?: WorkerPool;
  private readonly cache: ParseCache;
  private current: Diagnostic[] = [];
  /** Cache writes of the analyses parsed so far. */
  private storing = Promise.resolve();
  /** The page environment (see pageEnvironment) of the site last published. */
  private environment = '';

  private constructor(
    private readonly options: DevOptions,
    readonly cwd: string,
    private readonly cacheDir: string,
  ) {
    this.outDir = path.resolve(cwd, options.out ?? path.join(cacheDir, 'dev', 'site'));
    this.cache = new ParseCache(cacheDir);
  }

  static async start(options: DevOptions = {}): Promise<{ session: DevSession; first: Rebuild }> {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const configFile = await findConfigFile(cwd, options.config);
    const session = new DevSession(options, cwd, await cacheRoot(configFile ? path.dirname(configFile) : cwd));
    session.publisher = new Publisher(session.outDir, await loadManifest(manifestFile(session.cacheDir, session.outDir)));
    const first = await session.update({ sources: new Set(), rediscover: true, config: true, schemas: false }, true);
    // A start with everything in the cache has not loaded the parser, nor compiled the schemas it
    // checks with: do both now, on a tiny document, rather than on the author's first edit.
    (await import('../core/analyze.js')).analyzeFile('warm-up.md', WARM_UP, session.config);
    return { session, first };
  }

  /** Folders and files the watcher should follow. */
  get watched() {
    return { src: this.srcDir, templates: TEMPLATES_DIR, schemas: SCHEMAS_DIR, config: this.configFile, cwd: this.cwd };
  }

  private threads(): WorkerPool | undefined {
    const size = this.options.workers ?? defaultWorkers();
    if (size === 0) return undefined;
    this.pool ??= new WorkerPool(size);
    return this.pool;
  }

  private async loadConfig(): Promise<boolean> {
    const file = await findConfigFile(this.cwd, this.options.config);
    const loaded = await loadConfigFile(file, this.cwd);
    this.configDiagnostics = loaded.diagnostics;
    // A broken config keeps the last good one, as a broken postmortem keeps its last good pages.
    if (loaded.diagnostics.some((d) => d.severity === 'error') && this.config) return false;
    const previous = this.config ? parseEnvironment(this.config) : undefined;
    this.config = loaded.config;
    this.configFile = file;
    this.srcDir = path.resolve(this.cwd, this.options.src ?? this.config.src);
    checkOutputFolder(this.outDir, this.srcDir, this.cwd);
    return previous !== parseEnvironment(this.config);
  }

  /**
   * Brings the served site up to date with `changes`. Never throws: a failure is returned with the
   * site left as it was, so the server keeps serving the last good pages.
   */
  async update(changes: Changes, verifyOutput = false): Promise<Rebuild> {
    await this.cancelFollowUp();
    return this.apply(changes, verifyOutput, false);
  }

  private async apply(changes: Changes, verifyOutput: boolean, recovering: boolean): Promise<Rebuild> {
    const start = performance.now();
    const timings: Record<string, number> = {};
    const read = new Set<string>();
    const report = (rest: Partial<Rebuild>): Rebuild => {
      const diagnostics = this.diagnostics;
      return rebuildReport(start, timings, diagnostics, diagnostics.filter((d) => read.has(d.file) || (changes.config && this.configDiagnostics.includes(d))), rest);
    };
    try {
      if (changes.schemas) {
        // Validation runs in the threads: new threads load the new schemas, and new keys miss the cache.
        await this.pool?.close();
        this.pool = undefined;
        refreshCodeVersion();
      }
      const reparseAll = (changes.config && (await this.loadConfig())) || changes.schemas;
      let listChanged = false;
      if (changes.rediscover || reparseAll || changes.config) {
        const before = this.sources.map((s) => s.absolute).join('\0');
        this.sources = await discover(this.srcDir, this.config);
        listChanged = before !== this.sources.map((s) => s.absolute).join('\0');
      }
      if (listChanged) {
        const listed = new Set(this.sources.map((s) => s.path));
        for (const known of [...this.latest.keys()]) {
          if (!listed.has(known)) {
            this.latest.delete(known);
            this.good.delete(known);
          }
        }
      }
      const touched = this.sources.filter((s) => reparseAll || !this.latest.has(s.path) || changes.sources.has(s.absolute));
      // A few edited files parse here; threads start only for many (a first build, a config change).
      const threaded = (this.options.workers ?? defaultWorkers()) > 0;
      const { analyses, stats, stored } = await stage('parse', timings, () =>
        analyzeSources(touched, this.config, {
          environment: parseEnvironment(this.config),
          cache: this.cache,
          ...(threaded ? { pool: () => this.threads()! } : {}),
        }),
      );
      // Until stored, the new analyses hold their narratives in memory: an edit's few need not wait
      // for the disk (writing them costs more than parsing), a start's thousands do.
      this.storing = Promise.all([this.storing, stored]).then(() => undefined);
      if (stats.parsed >= POOL_MIN_FILES) await stored;
      const environment = pageEnvironment(this.config, TEMPLATES_DIR);
      const same = (a: Analysis) => this.latest.get(a.source.path)?.key === a.key && a.key !== null;
      if (!listChanged && !reparseAll && !changes.config && environment === this.environment && analyses.every(same)) {
        // A file saved unchanged, an editor's temporary file come and gone, a recheck: nothing to do.
        return report({ parsed: stats.parsed });
      }
      const served = this.publisher.served;
      const edits = served && this.publisher.patchable && !listChanged && !reparseAll && environment === this.environment ? incidentEdits(served, analyses, this.good, this.current) : null;
      this.environment = environment;
      this.publisher.use(this.config, environment);
      for (const analysis of analyses) {
        read.add(analysis.source.path);
        this.latest.set(analysis.source.path, analysis);
        if (!hasErrors(analysis.file) || !this.good.has(analysis.source.path)) this.good.set(analysis.source.path, analysis);
      }
      if (edits) this.current = editedDiagnostics(analyses, this.current);
      const published = !edits
        ? await this.republish(verifyOutput, timings)
        : edits.some((e) => e.listed)
          ? await this.publisher.listed(edits, timings)
          : await this.publisher.narrative(edits, timings);
      return report({ changed: published.changed, parsed: stats.parsed, rendered: published.rendered });
    } catch (error) {
      // The cache lost narratives the site reads (cleared by hand, pruned by another build): read
      // their files again, once, and check every served page, as a new session would.
      if (!recovering && MissingNarrativeError.isCauseOf(error) && this.forgetLostEntries() > 0) return this.recovered(await this.apply(changes, true, true));
      return report({ failure: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Forgets the analyses whose narratives only the cache held and no longer holds whole; how many. */
  private forgetLostEntries(): number {
    let lost = 0;
    for (const [relative, analysis] of this.good) {
      if (analysis.narratives !== undefined || !analysis.key || this.cache.get(analysis.key, relative)) continue;
      this.good.delete(relative);
      this.latest.delete(relative);
      lost++;
    }
    return lost;
  }

  /**
   * A rebuild that recovered from lost narratives: the attempt that failed may have written some
   * pages already, which the retry then found as they should be, so every served page may have
   * changed for open tabs.
   */
  private recovered(rebuild: Rebuild): Rebuild {
    return rebuild.failure ? rebuild : { ...rebuild, changed: [...new Set([...rebuild.changed, ...(this.publisher.served?.plans.map((p) => p.path) ?? [])])] };
  }

  /** Publishes the site built again from every file's last good analysis. */
  private async republish(verifyOutput: boolean, timings: Record<string, number>) {
    const model = await stage('validate', timings, () => {
      const served = this.publisher.served;
      const previous = served && new Map(served.site.incidents.map((incident) => [served.fingerprints.get(incident.id)!, incident]));
      const model = buildModel(this.sources.flatMap((s) => this.good.get(s.path) ?? []), { ...(previous ? { previous } : {}), cache: this.cache });
      const stale = this.sources.some((s) => this.latest.get(s.path) !== this.good.get(s.path));
      // Problems come from what is on disk now, including files whose last good version is served.
      this.current = stale ? buildModel(this.sources.flatMap((s) => this.latest.get(s.path) ?? []), { cache: this.cache }).diagnostics : model.diagnostics;
      return model;
    });
    const site = await stage('indexes', timings, () => buildSite(model.incidents, model.narratives));
    return this.publisher.site({ site, fingerprints: model.fingerprints, narratives: model.narratives }, verifyOutput, timings);
  }

  /**
   * The second half of a rebuild: recomputes every related list in the background, in short turns,
   * and publishes the pages whose list changed and the pages across incidents the rebuild left. Null when there was nothing to do, or when a newer
   * update cancelled it (that update's own follow-up takes over).
   */
  followUp(): Promise<Rebuild | null> {
    if (this.followUpRun) return this.followUpRun.done;
    if (!this.publisher.pending) return Promise.resolve(null);
    const run = { cancelled: false, done: Promise.resolve<Rebuild | null>(null) };
    run.done = (async () => {
      try {
        const followed = await this.followOnce(run);
        if (followed !== LOST) return followed;
        // Within this run, so an update waits for it: the files read again as update() would, then
        // the follow-up once more, with the narratives back in the cache.
        const recovered = this.recovered(await this.apply(noChanges(), true, true));
        const again = recovered.failure || run.cancelled ? null : await this.followOnce(run);
        if (again === LOST) return { ...recovered, failure: 'The parse cache keeps losing narratives the site reads: is another process deleting .pmkb-cache?', followUp: true };
        // One report for the pages both halves wrote; the related lists stay for the next follow-up if this one was cut short.
        if (!again) return { ...recovered, followUp: true };
        return { ...again, changed: [...new Set([...recovered.changed, ...again.changed])], parsed: recovered.parsed, rendered: recovered.rendered + again.rendered };
      } finally {
        if (this.followUpRun === run) this.followUpRun = undefined;
      }
    })();
    this.followUpRun = run;
    return run.done;
  }

  /** One follow-up of the stale site; LOST when the cache lost narratives it read (see forgetLostEntries). */
  private async followOnce(run: { cancelled: boolean }): Promise<Rebuild | null | typeof LOST> {
    const start = performance.now();
    const timings: Record<string, number> = {};
    const report = (rest: Partial<Rebuild>): Rebuild => rebuildReport(start, timings, this.diagnostics, [], rest);
    try {
      const published = await this.publisher.followUp(() => run.cancelled, timings);
      return published && report({ changed: published.changed, rendered: published.rendered, followUp: true });
    } catch (error) {
      if (MissingNarrativeError.isCauseOf(error) && this.forgetLostEntries() > 0) return LOST;
      return report({ failure: error instanceof Error ? error.message : String(error), followUp: true });
    }
  }

  private async cancelFollowUp(): Promise<void> {
    const run = this.followUpRun;
    if (!run) return;
    run.cancelled = true;
    await run.done;
  }

  /** Config problems, then every file's latest problems, in the usual order. */
  get diagnostics(): Diagnostic[] {
    return [...this.configDiagnostics, ...this.current];
  }

  async close(): Promise<void> {
    await this.cancelFollowUp();
    await this.storing;
    await saveManifest(manifestFile(this.cacheDir, this.outDir), this.publisher.manifest);
    await this.pool?.close();
  }
}

/** A rebuild that started at `start`: nothing changed, parsed or rendered unless `rest` says so. */
function rebuildReport(start: number, timings: Record<string, number>, diagnostics: Diagnostic[], fresh: Diagnostic[], rest: Partial<Rebuild>): Rebuild {
  return { changed: [], diagnostics, fresh, parsed: 0, rendered: 0, ms: Math.round(performance.now() - start), timings, ...rest };
}
