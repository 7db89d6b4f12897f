import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findConfigFile, type Config } from '../config/config.js';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Incident } from '../model/incident.generated.js';
import type { Site } from '../model/site.js';
import { discover, explicitFiles, type SourceFile } from '../stages/discover.js';
import type { Extracted } from '../stages/extract/incident.js';
import { buildSite } from '../stages/indexes.js';
import { parseFile, type ParsedFile } from '../stages/parse.js';
import { renderSite } from '../stages/render.js';
import { assignIds, schemaErrors, semanticWarnings } from '../stages/validate.js';
import { checkOutputFolder, writeSite, type WriteResult } from '../stages/write.js';
import { loadConfigFile } from './config-file.js';

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
}

export interface FileReport {
  path: string;
  incidents: number;
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
}

/** Wraps a stage's failure with which stage and what it was doing, keeping the cause. */
export class StageError extends Error {
  constructor(stage: string, cause: unknown) {
    super(`Having trouble in the ${stage} stage: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

async function stage<T>(name: string, timings: Record<string, number>, run: () => Promise<T> | T): Promise<T> {
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
  const result: BuildResult = { config, configDiagnostics: loaded.diagnostics, incidents: [], diagnostics: [], files: [], root: explicit ? cwd : srcDir, timings };
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return result;

  const outDir = path.resolve(cwd, options.out ?? config.out);
  if (options.write !== false) checkOutputFolder(outDir, srcDir);

  const sources = await stage('discover', timings, () =>
    explicit ? explicitFiles(options.paths!, cwd, config) : discover(srcDir, config),
  );
  const parsed = await stage('parse', timings, () => parseSources(sources, config));
  const diagnostics: Diagnostic[] = parsed.flatMap((p) => p.diagnostics);

  const valid = await stage('validate', timings, () => {
    const { kept, diagnostics: idDiagnostics } = assignIds(parsed.flatMap((p) => p.incidents));
    diagnostics.push(...idDiagnostics);
    const accepted: Extracted[] = [];
    for (const extracted of kept) {
      const errors = schemaErrors(extracted);
      diagnostics.push(...errors, ...semanticWarnings(extracted));
      if (errors.length === 0) accepted.push(extracted);
    }
    return accepted;
  });
  result.incidents = valid.map((e) => e.incident);
  result.diagnostics = sortDiagnostics(diagnostics);
  const published = new Map<string, number>();
  for (const incident of result.incidents) published.set(incident.source.path, (published.get(incident.source.path) ?? 0) + 1);
  result.files = sources.map((s) => ({ path: s.path, incidents: published.get(s.path) ?? 0 }));

  if (options.write === false) return result;
  const site = await stage('indexes', timings, () => buildSite(result.incidents));
  result.site = site;
  result.incidents = site.incidents;
  const files = await stage('render', timings, () => renderSite(site, config));
  const written = await stage('write', timings, () => writeSite(outDir, files));
  result.output = { ...written, dir: outDir };
  return result;
}

async function parseSources(sources: readonly SourceFile[], config: Config): Promise<ParsedFile[]> {
  return Promise.all(
    sources.map(async (source) => {
      let content: Buffer;
      try {
        content = await readFile(source.absolute);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it was deleted while pmkb was reading the folder' : String((error as Error).message);
        return { path: source.path, incidents: [], diagnostics: [diagnostic('file-unreadable', source.path, undefined, { reason })] };
      }
      return parseFile(source.path, content, config);
    }),
  );
}
