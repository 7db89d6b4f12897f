import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { tempProject } from '../helpers/site.js';
import { tree, treeDiff } from '../helpers/tree.js';

const incident = (title: string, date: string, extra = '') => `---\ntitle: ${title}\ndate: ${date}\nstatus: resolved\n---\n\n## Summary\n\n${title} happened.${extra}\n`;

function cacheEntries(dir: string): string[] {
  const root = path.join(dir, '.pmkb-cache', 'parse');
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => path.join(root, f));
}

describe('the build cache', () => {
  const project = tempProject({
    'postmortems/a.md': incident('Alpha outage', '2024-01-02'),
    'postmortems/b.md': incident('Beta outage', '2024-02-03'),
    'postmortems/c.md': incident('Gamma outage', '2024-03-04'),
  });
  afterAll(() => project.remove());
  const run = () => build({ cwd: project.dir, workers: 0 });

  it('parses nothing and renders nothing when nothing changed, and leaves every output file alone', async () => {
    const cold = await run();
    expect(cold.work).toMatchObject({ parsed: 3, cached: 0 });
    const page = path.join(project.dir, 'site/incidents/alpha-outage/index.html');
    const before = statSync(page);
    const warm = await run();
    expect(warm.work).toEqual({ parsed: 0, cached: 3, rendered: 0, upToDate: false });
    expect(warm.output!.written).toBe(0);
    expect(warm.incidents).toEqual(cold.incidents);
    expect(warm.diagnostics).toEqual(cold.diagnostics);
    expect(statSync(page).ino).toBe(before.ino);
    expect(statSync(page).mtimeMs).toBe(before.mtimeMs);
  });

  it('parses only the file that changed, and rewrites only pages whose bytes changed', async () => {
    const site = path.join(project.dir, 'site');
    const before = tree(site);
    project.write('postmortems/b.md', incident('Beta outage', '2024-02-03', ' More detail.'));
    const result = await run();
    expect(result.work).toMatchObject({ parsed: 1, cached: 2 });
    expect(result.work.rendered).toBeGreaterThan(0);
    const changed = treeDiff(before, tree(site));
    expect(changed).toContain('incidents/beta-outage/index.html');
    expect(changed).not.toContain('incidents/alpha-outage.json');
    expect(result.output!.written).toBeLessThan(result.output!.unchanged);
  });

  it('gives the same site as a build without a cache', async () => {
    await build({ cwd: project.dir, out: 'fresh', cache: false, workers: 0 });
    expect(treeDiff(tree(path.join(project.dir, 'site')), tree(path.join(project.dir, 'fresh')))).toEqual([]);
  });

  it('ignores corrupt, truncated and misplaced entries and parses those files again', async () => {
    const entries = cacheEntries(project.dir);
    const texts = entries.map((file) => readFileSync(file, 'utf8'));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    entries.forEach((file, i) => {
      // Garbage; half an entry; a valid entry of another file found under this one's name.
      const broken = [() => 'not json at all', () => texts[i]!.slice(0, 40), () => texts[(i + 1) % texts.length]!][i % 3]!();
      writeFileSync(file, broken);
    });
    const result = await run();
    expect(result.work).toMatchObject({ parsed: 3, cached: 0 });
    expect(result.incidents.map((i) => i.id).sort()).toEqual(['alpha-outage', 'beta-outage', 'gamma-outage']);
    expect((await run()).work).toMatchObject({ parsed: 0, cached: 3 });
  });

  it('parses again when a setting that changes parsing changes, but not for one that only changes pages', async () => {
    project.write('pmkb.config.yaml', 'title: Our incidents\n');
    const retitled = await run();
    expect(retitled.work.parsed).toBe(0);
    expect(retitled.work.rendered).toBeGreaterThan(0);
    expect(project.read('site/index.html')).toContain('Our incidents');
    project.write('pmkb.config.yaml', 'title: Our incidents\ndateOrder: dmy\n');
    expect((await run()).work.parsed).toBe(3);
  });

  it('puts back an output file edited or deleted by hand', async () => {
    project.write('site/incidents/alpha-outage/index.html', 'vandalized');
    rmSync(path.join(project.dir, 'site/incidents/beta-outage.json'));
    const result = await run();
    expect(result.work.rendered).toBe(2);
    expect(project.read('site/incidents/alpha-outage/index.html')).toContain('Alpha outage happened.');
    expect(JSON.parse(project.read('site/incidents/beta-outage.json'))).toMatchObject({ id: 'beta-outage' });
  });

  it('when only the report is wanted, an unchanged project is seen to be up to date without loading anything', async () => {
    const report = () => build({ cwd: project.dir, workers: 0, incidents: false });
    const full = await run();
    const quick = await report();
    expect(quick.work).toEqual({ parsed: 0, cached: 0, rendered: 0, upToDate: true });
    expect(quick.incidents).toEqual([]);
    expect(quick.diagnostics).toEqual(full.diagnostics);
    expect(quick.files).toEqual(full.files);
    expect(quick.output).toMatchObject({ written: 0, dir: path.join(project.dir, 'site') });

    // Any input that changes, and any published file touched by hand, makes it a real build again.
    project.write('postmortems/c.md', incident('Gamma outage', '2024-03-04', ' Later findings.'));
    expect((await report()).work).toMatchObject({ parsed: 1, upToDate: false });
    expect(project.read('site/incidents/gamma-outage/index.html')).toContain('Later findings.');
    expect((await report()).work.upToDate).toBe(true);
    project.write('site/incidents/gamma-outage/index.html', 'vandalized');
    expect((await report()).work).toMatchObject({ rendered: 1, upToDate: false });
    project.write('pmkb.config.yaml', 'title: Our own incidents\n');
    expect((await report()).work).toMatchObject({ upToDate: false });
    expect(project.read('site/index.html')).toContain('Our own incidents');
  });

  it('keeps the cache out of git', () => {
    expect(project.read('.pmkb-cache/.gitignore')).toBe('*\n');
  });
});
