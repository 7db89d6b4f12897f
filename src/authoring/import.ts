import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from '../core/build.js';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { canonicalDocument, readsDifferently } from './writer.js';

export interface ImportOptions {
  cwd: string;
  /** Legacy files or folders to convert. */
  inputs: string[];
  /** Folder to write to; default: the source folder. */
  out?: string;
  config?: string;
  /** Work out every file but write none. */
  dryRun?: boolean;
  /** Replace files that already exist. */
  force?: boolean;
}

export interface ImportedFile {
  /** Where it goes (absolute) and how to show that (relative to cwd). */
  file: string;
  shown: string;
  id: string;
  /** The incident's origin, `file:line`. */
  from: string;
  text: string;
}

export interface ImportResult {
  configDiagnostics: Diagnostic[];
  /** Problems in the originals, plus `import-roundtrip` and `output-exists` for incidents not written. */
  diagnostics: Diagnostic[];
  /** Written, or with --dry-run to be written. */
  files: ImportedFile[];
  sources: number;
}

/**
 * Converts legacy postmortems into canonical one-incident-per-file documents named `<id>.md`. The
 * originals are read exactly as `pmkb build` reads them (so ids are the ones the site already uses),
 * and each document is only written when building it would give the same incident back.
 */
export async function importPostmortems(options: ImportOptions): Promise<ImportResult> {
  const original = await build({ cwd: options.cwd, config: options.config, paths: options.inputs, write: false });
  const result: ImportResult = { configDiagnostics: original.configDiagnostics, diagnostics: [...original.diagnostics], files: [], sources: original.files.length };
  if (original.configDiagnostics.some((d) => d.severity === 'error')) return result;
  const { config } = original;
  const srcDir = path.resolve(options.cwd, config.src);
  const outDir = path.resolve(options.cwd, options.out ?? config.src);

  for (const incident of original.incidents) {
    const from = { line: incident.source.line, column: 1 };
    const file = path.join(outDir, `${incident.id}.md`);
    const shown = path.relative(options.cwd, file) || file;
    const { text, problems } = canonicalDocument(incident, config);
    // Built from the source folder, the file's path there decides folder defaults such as network.
    const inSource = path.relative(srcDir, file);
    const differences = [...problems, ...readsDifferently(incident, text, inSource.startsWith('..') ? path.basename(file) : inSource, config)];
    if (differences.length) {
      result.diagnostics.push(diagnostic('import-roundtrip', incident.source.path, from, { file: shown, fields: differences.slice(0, 6).join('; ') }));
      continue;
    }
    if (!options.force && existsSync(file)) {
      result.diagnostics.push(diagnostic('output-exists', incident.source.path, from, { file: shown }));
      continue;
    }
    if (!options.dryRun) {
      await mkdir(outDir, { recursive: true });
      await writeFile(file, text, { flag: options.force ? 'w' : 'wx' });
    }
    result.files.push({ file, shown, id: incident.id, from: `${incident.source.path}:${incident.source.line}`, text });
  }
  result.diagnostics = sortDiagnostics(result.diagnostics);
  return result;
}
