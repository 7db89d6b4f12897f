#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import type { BuildOptions, BuildResult } from '../core/build.js';
import { FORMATS, type Format } from '../diagnostics/reporters/index.js';
import { usageErrorIn } from '../core/errors.js';
import { boundHeapGrowth } from './heap.js';
import { EXIT, exitCodeFor, printDiagnostics } from './report.js';
import { VERSION } from '../version.js';

// Each command loads its own modules when it runs: `pmkb build` never pays for the authoring
// commands' parser and writer, nor `pmkb new` for the renderer.
const build = async (options: BuildOptions) => (await import('../core/build.js')).build(options);
const coverageModule = () => import('../stages/coverage.js');

interface CommonOptions {
  src?: string;
  config?: string;
  format: Format;
  strict?: boolean;
}

const program = new Command('pmkb')
  .description('Static site generator for incident postmortems.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

const common = (command: Command) =>
  command
    .option('--src <dir>', 'folder of postmortems (default: postmortems)')
    .option('--config <file>', 'config file (default: pmkb.config.yaml if present)')
    .addOption(new Option('--format <format>', 'how to print problems').choices(FORMATS).default('pretty'))
    .option('--strict', 'treat warnings as errors');

common(program.command('build').description('build the site').option('--out <dir>', 'output folder (default: site)')).action(
  async (options: CommonOptions & { out?: string }) => {
    boundHeapGrowth();
    const result = await build({ src: options.src, out: options.out, config: options.config, incidents: false });
    finish(result, options, (r) => {
      const o = r.output;
      if (!o) return;
      const stages = Object.entries(r.timings).map(([name, ms]) => `${name} ${ms}ms`).join(', ');
      const incidents = incidentCount(r);
      const done = r.work.upToDate ? `Up to date: ${o.dir} already holds the site of` : 'Built';
      process.stderr.write(
        `${done} ${incidents} incidents from ${r.files.length} files${r.work.upToDate ? '' : ` into ${o.dir}`} (${o.written} written, ${o.unchanged} unchanged).\n` +
          `Timings: ${stages}\n`,
      );
    });
  },
);

common(program.command('check [paths...]').description('check postmortems without building'))
  .option('--stats', 'also show how many incidents have each field and section')
  .action(async (paths: string[], options: CommonOptions & { stats?: boolean }) => {
    // Whole incidents (narratives read back from the cache) only for the coverage table.
    const result = await build({ src: options.src, config: options.config, paths, write: false, incidents: Boolean(options.stats) });
    const stats = options.stats ? await coverageModule() : undefined;
    finish(result, options, (r) => {
      const empty = r.files.filter((f) => f.incidents === 0).length;
      const incidents = incidentCount(r);
      process.stderr.write(`Checked ${r.files.length} files: ${incidents} incidents${empty ? `, ${empty} files with none` : ''}.\n`);
      if (stats) process.stderr.write(`${stats.formatCoverage(stats.coverage(r.incidents, r.files.length))}\n`);
    });
  });

program
  .command('stats [paths...]')
  .description('show how many incidents have each field and section')
  .option('--src <dir>', 'folder of postmortems (default: postmortems)')
  .option('--config <file>', 'config file (default: pmkb.config.yaml if present)')
  .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
  .action(async (paths: string[], options: { src?: string; config?: string; format: 'pretty' | 'json' }) => {
    const result = await build({ src: options.src, config: options.config, paths, write: false });
    if (result.configDiagnostics.some((d) => d.severity === 'error')) {
      printDiagnostics(result.configDiagnostics, 'pretty', [process.cwd()]);
      process.exitCode = EXIT.usage;
      return;
    }
    const { coverage, formatCoverage } = await coverageModule();
    const report = coverage(result.incidents, result.files.length);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatCoverage(report)}\n`);
  });

program
  .command('new <title>')
  .description('scaffold a canonical postmortem in the source folder')
  .option('--dir <folder>', 'folder to write to (default: the source folder)')
  .option('--config <file>', 'config file (default: pmkb.config.yaml if present)')
  .option('--date <YYYY-MM-DD>', "the incident's day (default: today)")
  .option('--network <name>', 'network or environment it happened on')
  .option('--authors <names>', 'authors, separated by commas')
  .option('--trigger <text>', 'what set it off')
  .action(async (...args: Parameters<typeof import('./authoring.js').runNew>) => (await import('./authoring.js')).runNew(...args));

program
  .command('import <paths...>')
  .description('convert legacy postmortems into canonical one-incident-per-file documents')
  .option('--out <dir>', 'folder to write to (default: the source folder)')
  .option('--config <file>', 'config file (default: pmkb.config.yaml if present)')
  .option('--dry-run', 'print the documents instead of writing them')
  .option('--force', 'replace files that already exist')
  .action(async (...args: Parameters<typeof import('./authoring.js').runImport>) => (await import('./authoring.js')).runImport(...args));

program
  .command('dev')
  .description('build, serve on 127.0.0.1 and rebuild what changed on every edit')
  .option('--src <dir>', 'folder of postmortems (default: postmortems)')
  .option('--config <file>', 'config file (default: pmkb.config.yaml if present)')
  .option('--port <n>', 'port to serve on', '4321')
  .action(async (...args: Parameters<typeof import('./dev.js').runDev>) => (await import('./dev.js')).runDev(...args));

/** Counted from the file reports: builds for the command line do not return the incidents themselves. */
function incidentCount(result: BuildResult): number {
  return result.files.reduce((sum, f) => sum + f.incidents, 0);
}

function finish(result: BuildResult, options: CommonOptions, summary: (r: BuildResult) => void): void {
  if (result.configDiagnostics.some((d) => d.severity === 'error')) {
    printDiagnostics(result.configDiagnostics, options.format, [process.cwd()]);
    process.exitCode = EXIT.usage;
    return;
  }
  const all = [...result.configDiagnostics, ...result.diagnostics];
  printDiagnostics(all, options.format, [result.root, process.cwd()]);
  summary(result);
  process.exitCode = exitCodeFor(all, Boolean(options.strict));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (usageErrorIn(error)) {
    process.stderr.write(`pmkb: ${usageErrorIn(error)!.message}\n`);
    process.exitCode = EXIT.usage;
  } else {
    process.stderr.write(`pmkb: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.problems;
  }
}
