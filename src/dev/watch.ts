import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CONFIG_FILES } from '../config/config.js';
import { startWorker, threadScript } from '../core/pool.js';
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
  /** Resolves once the initial scan is done (true: changes after this are reported), or with false if the watcher gave up or closed first. */
  ready: Promise<boolean>;
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

/**
 * chokidar reads a whole folder again, a stat per file, on every event in it (at most once a
 * second): at 1 250 postmortems a folder, the edits such a read fell on lost 50–90 ms of the main
 * thread. In a thread of its own, that work runs beside the rebuild, not inside it.
 */
const WATCH_THREAD = threadScript(import.meta.url, 'watch-thread');
/**
 * How often a thread that died is started again: one that cannot start must not be started forever.
 * A thread that watched for a while earns the watcher its restarts back.
 */
const RESTARTS = 3;
const RESTARTS_EARNED_MS = 60_000;
/**
 * The thread's young generation (V8 gives each thread tens of MB): a watcher allocates slowly, and
 * the process grew by ~70 MB instead of ~100 MB when it started watching 10 000 sources.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** From the watcher to its thread: paths to follow or let go of, and the sources folder they are now in. */
export interface Follow {
  add: string[];
  remove: string[];
  src: string;
}

/** From the thread: a file event as chokidar reported it, or the end of its first scan. */
export type Seen = { kind: 'event'; event: string; file: string } | { kind: 'ready' };

export interface WatchOptions {
  /** The thread's script; tests give one that dies. */
  script?: URL;
  /** Called once if the thread died more often than it is started again: edits are no longer seen. */
  onStopped?: (reason: string) => void;
}

const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + path.sep);

function emptyChanges(): Changes {
  return { sources: new Set(), rediscover: false, config: false, schemas: false };
}

/**
 * Watches sources, templates, schemas and config with chokidar (in `script`'s thread) and hands
 * `rebuild` one batch per burst of events, never two at once: events that arrive during a rebuild
 * make the next batch. Atomic saves (write a temporary file, rename it over; or unlink then add)
 * arrive as a change, or as an unlink and an add of the same path, which the session reads as
 * "read this file again".
 */
export function watchProject(initial: WatchTargets, rebuild: (changes: Changes) => Promise<void>, { script = WATCH_THREAD, onStopped }: WatchOptions = {}): Watcher {
  let targets = initial;
  let pending = emptyChanges();
  let dirty = false;
  let running: Promise<void> | null = null;
  let quiet: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  // Once close() is called nothing may start a rebuild: not the events an ending thread still hands
  // over, nor the edits that came during the rebuild close() waits for.
  let closing = false;

  const configPaths = (t: WatchTargets) => (t.config ? [t.config] : CONFIG_FILES.map((name) => path.join(t.cwd, name)));
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    deadline = undefined;
    if (closing || running || !dirty) return;
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
    if (closing) return;
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

  const followed = (t: WatchTargets) => [t.src, t.templates, t.schemas, ...configPaths(t)];
  let thread: Worker | undefined;
  let restarts = 0;
  let isReady: (watching: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (isReady = resolve));
  const start = () => {
    const worker = startWorker(script, { resourceLimits: THREAD_LIMITS });
    const started = Date.now();
    thread = worker;
    let failure = '';
    worker.on('message', (seen: Seen) => {
      if (seen.kind === 'event') return onEvent(seen.event, seen.file);
      isReady(true);
      if (restarts === 0 || closing) return;
      // Files added or removed while no thread watched were not reported: the list is read again, and
      // the config, now that this thread watches. Edits to files already listed stay unseen until saved again.
      pending.rediscover = true;
      pending.config = true;
      schedule();
    });
    worker.on('error', (error) => (failure = error.message));
    worker.on('exit', (code) => {
      if (closing || thread !== worker) return;
      thread = undefined;
      if (Date.now() - started >= RESTARTS_EARNED_MS) restarts = 0;
      if (restarts++ < RESTARTS) return start();
      isReady(false);
      onStopped?.(failure || `its thread stopped with exit code ${code}`);
    });
    worker.postMessage({ add: followed(targets), remove: [], src: targets.src } satisfies Follow);
  };
  start();

  return {
    ready,
    retarget(next) {
      const before = [targets.src, ...configPaths(targets)];
      const after = [next.src, ...configPaths(next)];
      targets = next;
      const follow: Follow = { add: after.filter((p) => !before.includes(p)), remove: before.filter((p) => !after.includes(p)), src: next.src };
      if (follow.add.length || follow.remove.length) thread?.postMessage(follow);
    },
    async close() {
      closing = true;
      isReady(false);
      await thread?.terminate();
      clearTimeout(quiet);
      clearTimeout(deadline);
      for (const timer of rechecks.values()) clearTimeout(timer);
      while (running) await running;
    },
  };
}
