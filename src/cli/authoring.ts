import path from 'node:path';
import { importPostmortems } from '../authoring/import.js';
import { newPostmortem } from '../authoring/new.js';
import { UsageError } from '../core/errors.js';
import { splitNames } from '../stages/extract/normalize.js';
import { EXIT, exitCodeFor, printDiagnostics } from './report.js';

export interface NewCommandOptions {
  dir?: string;
  config?: string;
  date?: string;
  network?: string;
  authors?: string;
  trigger?: string;
}

/** `pmkb new "Title"`: prints the path of the file it wrote, so `$EDITOR "$(pmkb new …)"` works. */
export async function runNew(title: string, options: NewCommandOptions): Promise<void> {
  const cwd = process.cwd();
  try {
    const result = await newPostmortem({ ...options, title, cwd, authors: options.authors ? splitNames(options.authors) : undefined });
    printDiagnostics(result.configDiagnostics, 'pretty', [cwd], process.stderr);
    if (!result.file) {
      process.exitCode = EXIT.usage;
      return;
    }
    process.stdout.write(`${path.relative(cwd, result.file)}\n`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`pmkb: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  }
}

export interface ImportCommandOptions {
  out?: string;
  config?: string;
  dryRun?: boolean;
  force?: boolean;
}

/**
 * `pmkb import <file|dir…>`: problems go to stderr, so that with --dry-run stdout holds exactly the
 * documents that would be written.
 */
export async function runImport(inputs: string[], options: ImportCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const result = await importPostmortems({ ...options, inputs, cwd });
  const all = [...result.configDiagnostics, ...result.diagnostics];
  if (result.configDiagnostics.some((d) => d.severity === 'error')) {
    printDiagnostics(result.configDiagnostics, 'pretty', [cwd], process.stderr);
    process.exitCode = EXIT.usage;
    return;
  }
  if (options.dryRun) for (const f of result.files) process.stdout.write(`==> ${f.shown} (from ${f.from}) <==\n${f.text}\n`);
  printDiagnostics(all, 'pretty', [cwd], process.stderr);
  const verb = options.dryRun ? 'Would write' : 'Wrote';
  process.stderr.write(`${verb} ${result.files.length} canonical postmortems from ${result.sources} files.\n`);
  if (!options.dryRun) for (const f of result.files) process.stderr.write(`  ${f.shown}  (from ${f.from})\n`);
  process.exitCode = exitCodeFor(all, false);
}
