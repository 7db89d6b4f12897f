import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Changes } from '../../src/dev/rebuild.js';
import { watchProject, type Watcher } from '../../src/dev/watch.js';
import { tempProject } from '../helpers/site.js';

const DYING = pathToFileURL(path.join(import.meta.dirname, '../helpers/dying-watch-thread.ts'));

describe('the watcher', () => {
  // No config file: a path that does not exist yet is watched too.
  const project = tempProject({ 'postmortems/a.md': '# A\n', 'templates/.keep': '', 'schemas/.keep': '' });
  const deaths = path.join(project.dir, 'deaths');
  const edited = path.join(project.dir, 'postmortems', 'a.md');
  const targets = { src: path.join(project.dir, 'postmortems'), templates: path.join(project.dir, 'templates'), schemas: path.join(project.dir, 'schemas'), cwd: project.dir };
  let watcher: Watcher | undefined;
  let batches: Changes[] = [];
  afterEach(async () => {
    await watcher?.close();
    batches = [];
    delete process.env.PMKB_TEST_DEATHS;
  });

  /** Watches the project with a thread that dies `dying` times as it starts. */
  const watch = (dying: number) => {
    writeFileSync(deaths, String(dying));
    process.env.PMKB_TEST_DEATHS = deaths;
    watcher = watchProject(targets, async (changes) => void batches.push(changes), DYING);
    return watcher;
  };
  const reported = (file: string) => expect.poll(() => batches.some((b) => b.sources.has(file)), { timeout: 5000 }).toBe(true);

  it('reports an edit made as soon as it is ready', async () => {
    await watch(0).ready;
    writeFileSync(edited, '# A, edited at once\n');
    await reported(edited);
  });

  it('starts a thread that died again, looks for files added meanwhile, and goes on reporting edits', async () => {
    await watch(1).ready;
    expect(readFileSync(deaths, 'utf8')).toBe('0');
    await expect.poll(() => batches.some((b) => b.rediscover)).toBe(true);
    writeFileSync(edited, '# A, edited again\n');
    await reported(edited);
  });

  it('gives up on a thread that keeps dying instead of starting it forever, and is still ready', async () => {
    await watch(100).ready;
    expect(Number(readFileSync(deaths, 'utf8'))).toBe(96);
  });
});
