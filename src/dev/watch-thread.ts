// The watcher's thread: chokidar, away from the rebuilds (see watch.ts for why).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { watch, type FSWatcher } from 'chokidar';

/** From the watcher to its thread: paths to follow or let go of, and the sources folder they are now in. */
export interface Follow {
  add: string[];
  remove: string[];
  src: string;
}

/** From the thread: a file event as chokidar reported it, or the end of its first scan. */
export type Seen = { kind: 'event'; event: string; file: string } | { kind: 'ready' };

let src = '';
let watcher: FSWatcher | undefined;
const tell = (seen: Seen) => parentPort!.postMessage(seen);

// Like discovery: nothing inside dot-folders (.git, .pmkb-cache) or node_modules of the sources.
const ignored = (file: string) => {
  const relative = path.relative(src, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return relative.split(path.sep).some((segment) => segment.startsWith('.') || segment === 'node_modules');
};

parentPort!.on('message', (follow: Follow) => {
  src = follow.src;
  if (watcher) {
    if (follow.remove.length) watcher.unwatch(follow.remove);
    if (follow.add.length) watcher.add(follow.add);
    return;
  }
  // Given a path that does not exist (a config file not written yet), chokidar says it is ready
  // before it watches the folders, and misses edits made right then: such paths are added after.
  const missing = follow.add.filter((file) => !existsSync(file));
  const started = watch(
    follow.add.filter((file) => !missing.includes(file)),
    { ignoreInitial: true, ignored },
  );
  watcher = started;
  started.on('all', (event, file) => tell({ kind: 'event', event, file }));
  // A watcher error (a folder that vanished, too many watches) must not stop the watching.
  started.on('error', () => undefined);
  started.once('ready', () => {
    if (missing.length) started.add(missing);
    tell({ kind: 'ready' });
  });
});
