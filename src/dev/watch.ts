import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { CONFIG_FILES } from '../config/config.js';
import type { Changes } from './rebuild.js';

export interface WatchTargets {
  src: string;
  templates: string;
  schemas: string;
  /** The config file in use, if any. */
  config?: string;
  cwd: string;
}

export interface Watcher {
  /** Resolves once the initial scan is done: changes after this are reported. */
  ready: Promise<void>;
  /** Follows a new source folder or config file after the config moved them. */
  retarget(targets: WatchTargets): void;
  close(): Promise<void>;
}

/** Quiet time that ends a burst (an editor's save, a `git checkout`), and the longest a burst may delay a rebuild. */
const QUIET_MS = 25;
const MAX_WAIT_MS = 250;
/**
 * chokidar drops a second change of the same file within 50 ms (no trailing event), so a save
 * followed quickly by another (a formatter, a second keystroke-save) would be missed: each change is
 * looked at once more after that window. When the file is as already read, the rebuild is a no-op.
 */
const RECHECK_MS = 75;

const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + path.sep);

function emptyChanges(): Changes {
  return { sources: new Set(), rediscover: false, config: false, schemas: false };
}

/**
 * Watches sources, templates, schemas and config with chokidar and hands `rebuild` one batch per
 * burst of events, never two at once: events that arrive during a rebuild make the next batch.
 * Atomic saves (write a temporary file, rename it over; or unlink then add) arrive as a change, or
 * as an unlink and an add of the same path, which the session reads as "read this file again".
 */
export function watchProject(initial: WatchTargets, rebuild: (changes: Changes) => Promise<void>): Watcher {
  let targets = initial;
  let pending = emptyChanges();
  let dirty = false;
  let running: Promise<void> | null = null;
  let quiet: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;

  const configPaths = (t: WatchTargets) => (t.config ? [t.config] : CONFIG_FILES.map((name) => path.join(t.cwd, name)));
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    deadline = undefined;
    if (running || !dirty) return;
    const batch = pending;
    pending = emptyChanges();
    dirty = false;
    running = rebuild(batch).finally(() => {
      running = null;
      if (dirty) flush();
    });
  };
  const schedule = () => {
    dirty = true;
    clearTimeout(quiet);
    quiet = setTimeout(flush, QUIET_MS);
    deadline ??= setTimeout(flush, MAX_WAIT_MS);
  };

  const rechecks = new Map<string, NodeJS.Timeout>();
  const onEvent = (event: string, file: string, recheck = false) => {
    const absolute = path.resolve(file);
    if (event === 'change' && !recheck) {
      clearTimeout(rechecks.get(absolute));
      rechecks.set(absolute, setTimeout(() => (rechecks.delete(absolute), onEvent(event, file, true)), RECHECK_MS));
    }
    if (configPaths(targets).includes(absolute)) pending.config = true;
    else if (inside(targets.schemas, absolute)) pending.schemas = true;
    else if (inside(targets.src, absolute)) {
      pending.sources.add(absolute);
      if (event !== 'change') pending.rediscover = true;
    }
    // A template needs only the rebuild: it hashes the templates and re-renders what they changed.
    else if (!inside(targets.templates, absolute)) return;
    schedule();
  };

  // Like discovery: nothing inside dot-folders (.git, .pmkb-cache) or node_modules of the sources.
  const ignored = (file: string) => {
    const relative = path.relative(targets.src, file);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return relative.split(path.sep).some((segment) => segment.startsWith('.') || segment === 'node_modules');
  };
  const watcher: FSWatcher = watch([targets.src, targets.templates, targets.schemas, ...configPaths(targets)], { ignoreInitial: true, ignored });
  watcher.on('all', (event, file) => onEvent(event, file));
  // A watcher error (a folder that vanished, too many watches) must not take the server down.
  watcher.on('error', () => undefined);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    retarget(next) {
      const before = [targets.src, ...configPaths(targets)];
      const after = [next.src, ...configPaths(next)];
      const removed = before.filter((p) => !after.includes(p));
      const added = after.filter((p) => !before.includes(p));
      targets = next;
      if (removed.length) watcher.unwatch(removed);
      if (added.length) watcher.add(added);
    },
    async close() {
      clearTimeout(quiet);
      clearTimeout(deadline);
      for (const timer of rechecks.values()) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
