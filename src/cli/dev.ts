import { startDev, type Rebuild } from '../dev/index.js';
import { boundHeapGrowth } from './heap.js';
import { EXIT, printDiagnostics } from './report.js';

export interface DevCommandOptions {
  src?: string;
  config?: string;
  port: string;
}

function summary(rebuild: Rebuild, first: boolean): string {
  const errors = rebuild.diagnostics.filter((d) => d.severity === 'error').length;
  const what = first ? 'Built' : 'Rebuilt';
  const problems = errors ? `; ${errors} error${errors === 1 ? '' : 's'}, last good pages kept` : '';
  return `${what} in ${rebuild.ms} ms: ${rebuild.parsed} parsed, ${rebuild.rendered} rendered, ${rebuild.changed.length} changed${problems}.\n`;
}

/** `pmkb dev`: prints each rebuild's new problems with the pretty reporter and keeps serving until interrupted. */
export async function runDev(options: DevCommandOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`pmkb: --port must be a number from 0 to 65535, not ${options.port}.\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  boundHeapGrowth();
  let first = true;
  /** The failure and error count of the last rebuild printed: one that changes them is worth a line, whatever else it did. */
  let reported = '';
  const dev = await startDev({
    src: options.src,
    config: options.config,
    port,
    onRebuild: (rebuild, session) => {
      // A save that changed nothing (or the watcher's second look at a file) is not worth a line.
      const now = `${rebuild.failure ?? ''}\0${rebuild.diagnostics.filter((d) => d.severity === 'error').length}`;
      if (!first && now === reported && rebuild.rendered + rebuild.changed.length + rebuild.fresh.length === 0) return;
      reported = now;
      printDiagnostics(rebuild.fresh, 'pretty', [session.srcDir, session.cwd], process.stderr);
      if (rebuild.failure) process.stderr.write(`pmkb: the rebuild failed, the last good site is still served: ${rebuild.failure}\n`);
      process.stderr.write(summary(rebuild, first));
      first = false;
    },
    onWatcherStopped: (message) => process.stderr.write(`pmkb: ${message}\n`),
  });
  process.stderr.write(`Serving ${dev.url} (from ${dev.session.outDir}). Press Ctrl+C to stop.\n`);
  // Said once it is true: edits saved before the watcher has looked at every file are not seen.
  void dev.ready.then((watching) => watching && process.stderr.write(`Watching ${dev.session.srcDir} for changes.\n`));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await dev.close();
}
