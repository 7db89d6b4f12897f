import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { brokenLinks, htmlFiles } from '../helpers/links.js';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';
import { tree } from '../helpers/tree.js';

describe('the built bundled site', async () => {
  const project = tempProject({});
  afterAll(() => project.remove());
  const first = await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'a' });
  const second = await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'b' });
  const site = path.join(project.dir, 'a');
  const read = (name: string) => readFileSync(path.join(site, name), 'utf8');

  it('has no broken internal link or anchor', () => {
    expect(htmlFiles(site).length).toBeGreaterThan(40);
    expect(brokenLinks(site)).toEqual([]);
  });

  it('has a link checker that catches missing pages and anchors', () => {
    const bad = tempProject({
      'a/index.html': '<h2 id="here">x</h2><a href="#here">ok</a> <a href="../b/#there">anchor</a> <a href="../c/">page</a> <a href="#gone">self</a>',
      'b/index.html': '<p id="elsewhere">b</p>',
    });
    expect(brokenLinks(bad.dir)).toEqual([
      'a/index.html → ../b/#there (no element with id "there")',
      'a/index.html → ../c/',
      'a/index.html → #gone (no element with id "gone")',
    ]);
    bad.remove();
  });

  it('lists in the sitemap and the feed only addresses that exist', () => {
    const locs = [...read('sitemap.xml').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);
    const pages = htmlFiles(site).filter((f) => !/(?:^|\/)(?:404|search\/index)\.html$/.test(path.relative(site, f)));
    expect(locs).toHaveLength(pages.length);
    for (const loc of locs) expect(statSync(path.join(site, loc, loc.endsWith('/') || loc === './' ? 'index.html' : '')).isFile(), loc).toBe(true);
    const links = [...read('feed.xml').matchAll(/<link rel="alternate" type="text\/html" href="([^"]*)"\/>/g)].map((m) => m[1]!);
    expect(links).toHaveLength(first.incidents.length + 1);
    for (const link of links) expect(statSync(path.join(site, link, 'index.html')).isFile(), link).toBe(true);
  });

  it('writes a JSON file per incident beside incidents.json', () => {
    const all = JSON.parse(read('incidents.json')) as Array<{ id: string }>;
    for (const incident of all) expect(JSON.parse(read(`incidents/${incident.id}.json`))).toEqual(incident);
  });

  it('indexes the incident pages for search in pagefind/, without Pagefind’s unused interfaces', () => {
    expect(first.diagnostics.map((d) => d.ruleId)).not.toContain('search-index-failed');
    const files = readdirSync(path.join(site, 'pagefind'));
    expect(files).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json']));
    expect(files.filter((f) => /-ui\.|highlight/.test(f))).toEqual([]);
    const entry = JSON.parse(read('pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0)).toBe(first.incidents.length);
  });

  it('is byte-identical when built again from the same input, search index included', () => {
    expect(second.output!.written).toBe(first.output!.written);
    const a = tree(site);
    const b = tree(path.join(project.dir, 'b'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
  });

  it('keeps unchanged search index files, with their modification times, on a rebuild', async () => {
    const file = path.join(site, 'pagefind', 'pagefind-entry.json');
    const before = statSync(file);
    const again = await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'a' });
    expect(again.output!.written).toBe(0);
    expect(statSync(file).ino).toBe(before.ino);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  });
});
