import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/core/build.js';
import { SearchIndex } from '../../src/stages/search.js';
import { PagefindIndex } from '../../src/stages/search/pagefind.js';
import { shardCount, shardFolder, shardOf, shardsManifest } from '../../src/stages/search/shards.js';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';
import { tree, treeDiff } from '../helpers/tree.js';

describe('the shards of a search index', () => {
  it('are as many as the pages need, the same on any machine, and few', () => {
    expect([0, 1, 1250, 1251, 10_000, 1_000_000].map((pages) => shardCount(pages))).toEqual([1, 1, 1, 2, 8, 8]);
  });

  it('are listed for the browser only when they hold pages, the first one first', () => {
    expect(JSON.parse(shardsManifest([3, 0, 2, 1]))).toEqual({ shards: ['./', 'shards/2/', 'shards/3/'] });
    expect(JSON.parse(shardsManifest([0, 4]))).toEqual({ shards: ['shards/1/'] });
    expect(JSON.parse(shardsManifest([0]))).toEqual({ shards: [] });
  });

  it('keep every page in its shard when others come and go', () => {
    const pages = Array.from({ length: 400 }, (_, i) => `incidents/incident-${i}/index.html`);
    const shards = pages.map((p) => shardOf(p, 4));
    expect(new Set(shards)).toEqual(new Set([0, 1, 2, 3]));
    // Each shard gets a fair share, so the threads indexing them finish together.
    for (let shard = 0; shard < 4; shard++) expect(shards.filter((s) => s === shard).length).toBeGreaterThan(70);
    expect(pages.slice(100).map((p) => shardOf(p, 4))).toEqual(shards.slice(100));
  });
});

describe('a site whose search index is in shards', async () => {
  const project = tempProject({});
  afterAll(() => project.remove());
  cpSync(`${ROOT}postmortems`, path.join(project.dir, 'postmortems'), { recursive: true });
  const options = { cwd: project.dir, searchPagesPerShard: 2 };
  const first = await build({ ...options, out: 'site' });
  const site = path.join(project.dir, 'site');
  const entry = (shard: number) => path.join(site, shardFolder(shard), 'pagefind-entry.json');
  const pagesIn = (shard: number) => Object.values((JSON.parse(readFileSync(entry(shard), 'utf8')) as { languages: Record<string, { page_count: number }> }).languages).reduce((n, l) => n + l.page_count, 0);
  const shards = Math.ceil(first.incidents.length / 2);

  it('indexes every incident page once, across the shards the browser is told of', () => {
    expect(first.diagnostics.map((d) => d.ruleId)).not.toContain('search-index-failed');
    const listed = JSON.parse(readFileSync(path.join(site, 'pagefind', 'shards.json'), 'utf8')) as { shards: string[] };
    const counts = Array.from({ length: shards }, (_, shard) => pagesIn(shard));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(first.incidents.length);
    // Only shards with pages are listed: Pagefind cannot load an empty index.
    expect(listed.shards).toEqual(counts.flatMap((n, shard) => (n > 0 ? [shard === 0 ? './' : `shards/${shard}/`] : [])));
    expect(readdirSync(path.join(site, 'pagefind', 'shards', '1'))).not.toContain('pagefind-ui.js');
  });

  it('builds the same index in threads as in one thread', async () => {
    await build({ ...options, out: 'one-thread', workers: 0, cache: false });
    const index = (dir: string) => tree(path.join(project.dir, dir, 'pagefind'));
    expect(treeDiff(index('site'), index('one-thread'))).toEqual([]);
  });

  it('indexes again only the shards of pages that changed, and ends as a fresh build would', async () => {
    const pages = () => tree(path.join(site, 'incidents'), (f) => !f.endsWith('index.html'));
    const pagesBefore = pages();
    const before = Array.from({ length: shards }, (_, shard) => statSync(entry(shard)).ino);
    const file = path.join('postmortems', '2019-11-08-missed-endorsement.md');
    project.write(file, `${project.read(file)}\nThe quokka in the rack was not the cause.\n`);
    const again = await build({ ...options, out: 'site' });
    expect(again.diagnostics.map((d) => d.ruleId)).not.toContain('search-index-failed');
    const changed = treeDiff(pagesBefore, pages()).map((f) => shardOf(`incidents/${f}`, shards));
    expect(changed.length).toBeGreaterThan(0);
    const after = Array.from({ length: shards }, (_, shard) => statSync(entry(shard)).ino);
    const reindexed = after.flatMap((ino, shard) => (ino === before[shard] ? [] : [shard]));
    expect(reindexed).toEqual([...new Set(changed)].sort());
    expect(reindexed.length).toBeLessThan(shards);
    await build({ ...options, out: 'fresh', cache: false });
    expect(treeDiff(tree(path.join(project.dir, 'fresh', 'pagefind')), tree(path.join(site, 'pagefind')))).toEqual([]);
  });

  it('indexes again a shard whose files changed since, even if its pages did not', async () => {
    // Every shard is damaged, those whose pages do not change too: one page's fragment is emptied, one
    // shard's index chunk goes missing.
    for (let shard = 0; shard < shards; shard++) {
      const fragments = path.join(site, shardFolder(shard), 'fragment');
      const first = readdirSync(fragments, { withFileTypes: true }).find((e) => e.isFile());
      if (first) writeFileSync(path.join(fragments, first.name), '');
    }
    const chunks = path.join(site, shardFolder(1), 'index');
    rmSync(path.join(chunks, readdirSync(chunks)[0]!));
    const file = path.join('postmortems', '2024-03-12-gateway-certificate-expiry.md');
    project.write(file, `${project.read(file)}\nThe wombat was not the cause either.\n`);
    await build({ ...options, out: 'site' });
    await build({ ...options, out: 'fresh', cache: false });
    expect(treeDiff(tree(path.join(project.dir, 'fresh', 'pagefind')), tree(path.join(site, 'pagefind')))).toEqual([]);
  });
});

describe('a search index told which pages will change', () => {
  const project = tempProject({});
  afterAll(() => project.remove());
  const page = (n: number) => `<html><body><article data-pagefind-body><h1>Incident ${n}</h1><p>The quokka ${n} ate the cable.</p></article></body></html>`;
  const paths = [0, 1, 2, 3].map((n) => `incidents/i-${n}/index.html`);
  /** Indexes the four pages into `site`; every page is the previous site's as it was, as a build that linked them says. */
  const index = async (site: string, options: { previousSite?: string; changing?: string[] }) => {
    const search = await SearchIndex.start({ pages: paths.length, pagesPerShard: 1, threads: 0, ...options });
    paths.forEach((relative, n) => {
      mkdirSync(path.join(project.dir, site, path.dirname(relative)), { recursive: true });
      project.write(path.join(site, relative), page(n));
      search.add(relative, Promise.resolve({ file: path.join(project.dir, site, relative), kept: options.previousSite !== undefined }));
    });
    return search.write(path.join(project.dir, site));
  };
  const entry = (site: string, relative: string) => statSync(path.join(project.dir, site, shardFolder(shardOf(relative, 4)), 'pagefind-entry.json')).ino;

  it('indexes their shards from the first page on, and still keeps the previous shards when the pages come out the same', async () => {
    expect(await index('first', {})).toEqual({ pages: 4, reused: 0 });
    const opened = vi.spyOn(PagefindIndex, 'open');
    try {
      // Nothing expected to change: no shard is indexed.
      expect(await index('second', { previousSite: path.join(project.dir, 'first') })).toEqual({ pages: 4, reused: 4 });
      expect(opened).not.toHaveBeenCalled();
      // One page expected to change: its shard is indexed before any page of it arrives, and kept all the same.
      expect(await index('third', { previousSite: path.join(project.dir, 'first'), changing: [paths[2]!] })).toEqual({ pages: 4, reused: 4 });
      expect(opened).toHaveBeenCalledTimes(1);
    } finally {
      opened.mockRestore();
    }
    expect(entry('third', paths[2]!)).toBe(entry('first', paths[2]!));
  });
});

describe('a rebuild after a change every page depends on', async () => {
  const project = tempProject({ 'pmkb.config.yaml': 'src: postmortems\n' });
  afterAll(() => project.remove());
  cpSync(`${ROOT}postmortems`, path.join(project.dir, 'postmortems'), { recursive: true });
  // In this thread, so that Pagefind's indexes can be counted.
  const options = { cwd: project.dir, out: 'site', searchPagesPerShard: 2, workers: 0 };
  await build(options);

  it('renders every page again but indexes no shard when the pages come out the same', async () => {
    // Part of the page environment, but shown on no page.
    project.write('pmkb.config.yaml', 'src: ./postmortems\n');
    const opened = vi.spyOn(PagefindIndex, 'open');
    try {
      const again = await build(options);
      expect(again.work.rendered).toBeGreaterThan(again.incidents.length);
      expect(again.diagnostics.map((d) => d.ruleId)).not.toContain('search-index-failed');
      expect(opened).not.toHaveBeenCalled();
    } finally {
      opened.mockRestore();
    }
  });
});
