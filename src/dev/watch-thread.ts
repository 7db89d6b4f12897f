// The watcher's thread: chokidar, away from the rebuilds (see watch.ts for why).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { watch, type FSWatcher } from 'chokidar';
import { isSkipped } from '../stages/discover.js';
import type { Follow, Seen } from './watch.js';

let src = '';
let watcher: FSWatcher | undefined;
const tell = (seen: Seen) => parentPort!.postMessage(seen);

// What discovery skips in the sources is not watched either.
const ignored = (file: string) => {
  const relative = path.relative(src, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return relative.split(path.sep).some(isSkipped);
};

/**
 * Follow messages that came before the first scan ended: applied once it has, after the paths that
 * did not exist, since a path added earlier would again make chokidar say it is ready too soon.
 */
let early: Follow[] | undefined = [];

const apply = (follow: Follow) => {
  src = follow.src;
  if (follow.remove.length) watcher!.unwatch(follow.remove);
  if (follow.add.length) watcher!.add(follow.add);
};

parentPort!.on('message', (follow: Follow) => {
  if (early && watcher) return void early.push(follow);
  if (watcher) return apply(follow);
  src = follow.src;
  // Given a path that does not exist (a config file not written yet), chokidar says it is ready
  // before it watches the folders, and misses edits made right then: such paths are added after.
  // A file created at one of them in the first few milliseconds after that may still go unseen.
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
    const queued = early!;
    early = undefined;
    queued.forEach(apply);
    tell({ kind: 'ready' });
  });
});
