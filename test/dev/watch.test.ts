import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Changes } from '../../src/dev/rebuild.js';
import { watchProject, type Watcher } from '../../src/dev/watch.js';
import { tempProject } from '../helpers/site.js';

const DYING = pathToFileURL(path.join(import.meta.dirname, '../helpers/dying-watch-thread.ts'));

describe('the watcher', () => {
  // No config file: paths that do not exist yet are watched too.
  const project = tempProject({ 'postmortems/a.md': '# A\n', 'templates/.keep': '', 'schemas/.keep': '' });
  const deaths = path.join(project.dir, 'deaths');
  const edited = path.join(project.dir, 'postmortems', 'a.md');
  const targets = { src: path.join(project.dir, 'postmortems'), templates: path.join(project.dir, 'templates'), schemas: path.join(project.dir, 'schemas'), cwd: project.dir };
  let watcher: Watcher | undefined;
  let batches: Changes[] = [];
  let stopped: string[] = [];
  afterEach(async () => {
    await watcher?.close();
    batches = [];
    stopped = [];
    delete process.env.PMKB_TEST_DEATHS;
  });
  afterAll(() => project.remove());

  /** Watches the project with a thread that dies `dying` times as it starts. */
  const watch = (dying: number) => {
    writeFileSync(deaths, String(dying));
    process.env.PMKB_TEST_DEATHS = deaths;
    watcher = watchProject(targets, async (changes) => void batches.push(changes), { script: DYING, onStopped: (reason) => void stopped.push(reason) });
    return watcher;
  };
  const reported = (file: string) => expect.poll(() => batches.some((b) => b.sources.has(file)), { timeout: 5000 }).toBe(true);

  it('reports an edit made as soon as it is ready', async () => {
    expect(await watch(0).ready).toBe(true);
    writeFileSync(edited, '# A, edited at once\n');
    await reported(edited);
  });

  it('does not watch what discovery skips (hidden folders, node_modules)', async () => {
    await watch(0).ready;
    const hidden = path.join(targets.src, '.drafts', 'b.md');
    const vendored = path.join(targets.src, 'node_modules', 'c.md');
    mkdirSync(path.dirname(hidden), { recursive: true });
    mkdirSync(path.dirname(vendored), { recursive: true });
    writeFileSync(hidden, '# B\n');
    writeFileSync(vendored, '# C\n');
    writeFileSync(edited, '# A, edited beside them\n');
    await reported(edited);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = batches.flatMap((b) => [...b.sources]);
    expect(seen).not.toContain(hidden);
    expect(seen).not.toContain(vendored);
  });

  it('starts a thread that died again and, once it watches, reads the source list and config again', async () => {
    await watch(1).ready;
    expect(readFileSync(deaths, 'utf8')).toBe('0');
    // Not before: a file added before the new thread watched would be missed by both.
    expect(batches).toEqual([]);
    await expect.poll(() => batches.some((b) => b.rediscover && b.config)).toBe(true);
    writeFileSync(edited, '# A, edited again\n');
    await reported(edited);
    expect(stopped).toEqual([]);
  });

  it('gives up on a thread that keeps dying instead of starting it forever, and says so', async () => {
    expect(await watch(100).ready).toBe(false);
    expect(Number(readFileSync(deaths, 'utf8'))).toBe(96);
    expect(stopped).toEqual(['its thread stopped with exit code 1']);
  });

  it('starts no rebuild once closed, not even for edits that came during the last one', async () => {
    writeFileSync(deaths, '0');
    process.env.PMKB_TEST_DEATHS = deaths;
    let finish = () => {};
    const held = async (changes: Changes) => {
      batches.push(changes);
      await new Promise<void>((resolve) => (finish = resolve));
    };
    watcher = watchProject(targets, held, { script: DYING });
    await watcher.ready;
    writeFileSync(edited, '# A, edited once\n');
    await expect.poll(() => batches.length, { timeout: 5000 }).toBe(1);
    writeFileSync(edited, '# A, edited twice\n');
    // Seen, and waiting for the rebuild under way: the watcher's second look at the file comes 75 ms after.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = watcher.close();
    finish();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(batches).toHaveLength(1);
  });
});
