import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import type { DependencyHashes } from '../../src/core/deps.js';
import { loadManifest, publish, saveManifest, sortPlans, StagedPages, type PageManifest } from '../../src/core/pages.js';
import { buildSite } from '../../src/stages/indexes.js';
import type { PagePlan } from '../../src/stages/render.js';
import type { StagedFile } from '../../src/stages/write.js';
import { tempProject } from '../helpers/site.js';

describe('publishing pages in place', () => {
  const project = tempProject({});
  afterAll(() => project.remove());
  const out = path.join(project.dir, 'out');
  const manifest: PageManifest = { pages: new Map(), extra: 0 };
  const context = { site: buildSite([]), config: resolveConfig(), templatesDir: '', mode: 'in-place' as const };
  let renders: string[] = [];
  const plan = (p: string, deps: string[], content: () => string): PagePlan => ({
    path: p,
    deps,
    render: () => {
      renders.push(p);
      return content();
    },
  });
  const values = (table: Record<string, string>): DependencyHashes => (key) => table[key];
  const run = async (plans: PagePlan[], table: Record<string, string>) => {
    renders = [];
    const sorted = sortPlans(plans, 'env', values(table), out, manifest, false);
    return publish(out, plans, sorted, manifest, context);
  };

  it('renders every page the first time, then only pages whose inputs changed', async () => {
    let b = 'b1';
    const plans = () => [plan('a.html', ['x'], () => 'a'), plan('b/index.html', ['y'], () => b)];
    expect((await run(plans(), { x: '1', y: '1' })).changed.sort()).toEqual(['a.html', 'b/index.html']);
    expect((await run(plans(), { x: '1', y: '1' })).rendered).toBe(0);
    b = 'b2';
    const result = await run(plans(), { x: '1', y: '2' });
    expect(renders).toEqual(['b/index.html']);
    expect(result.changed).toEqual(['b/index.html']);
    expect(project.read('out/b/index.html')).toBe('b2');
  });

  it('leaves a re-rendered page with the same bytes untouched, and always renders a page with an unknown input', async () => {
    const before = statSync(path.join(out, 'a.html')).mtimeMs;
    const plans = [plan('a.html', ['x', 'mystery'], () => 'a'), plan('b/index.html', ['y'], () => 'b2')];
    expect((await run(plans, { x: '2', y: '2' })).changed).toEqual([]);
    expect(renders).toEqual(['a.html']);
    expect(statSync(path.join(out, 'a.html')).mtimeMs).toBe(before);
    await run(plans, { x: '2', y: '2' });
    expect(renders).toEqual(['a.html']);
  });

  it('removes pages that are no longer planned', async () => {
    const result = await run([plan('a.html', ['x'], () => 'a')], { x: '2' });
    expect(result.changed).toEqual(['b/index.html']);
    expect(project.exists('out/b')).toBe(false);
  });

  it('after a failed render, checks the pages it may have written by their bytes', async () => {
    const failing = [plan('a.html', ['x'], () => 'a-new'), plan('c.html', ['x'], () => { throw new Error('template broke'); })];
    await expect(run(failing, { x: '3' })).rejects.toThrow('template broke');
    expect(manifest.pages.has('a.html')).toBe(false);
    // Back to the inputs of the published page: without the record it is compared by its bytes.
    const result = await run([plan('a.html', ['x'], () => 'a'), plan('c.html', ['x'], () => 'c')], { x: '2' });
    expect(project.read('out/a.html')).toBe('a');
    expect(result.changed.sort()).toEqual(['a.html', 'c.html']);
  });
});

describe('the pages a build has staged so far', () => {
  const project = tempProject({ 'staging/a.json': '{"a": 1}\n', 'staging/b.json': '{"b": 2}\n' });
  afterAll(() => project.remove());
  const staging = path.join(project.dir, 'staging');

  it('give their text once written, and none while being written or after failing', async () => {
    const staged = new StagedPages();
    let finish!: (file: StagedFile) => void;
    const writing = new Promise<StagedFile>((resolve) => (finish = resolve));
    const failed = Promise.reject(new Error('disk full'));
    staged.add('a.json', writing, staging);
    staged.add('b.json', failed, staging);
    expect(staged.text('a.json')).toBeUndefined();
    finish({ file: path.join(staging, 'a.json'), kept: false });
    await writing;
    await failed.catch(() => undefined);
    expect(staged.text('a.json')).toBe('{"a": 1}\n');
    // The file is there, but its write failed: its bytes may be half of them.
    expect(staged.text('b.json')).toBeUndefined();
    expect(staged.text('c.json')).toBeUndefined();
  });
});

describe('the record of what a folder was published from', () => {
  const project = tempProject({});
  afterAll(() => project.remove());

  it('keeps the page environment, so that the next build can tell pages whose own inputs changed', async () => {
    const file = path.join(project.dir, 'pages', 'site.json');
    const records: PageManifest['pages'] = new Map([['index.html', { hash: 'h', content: 'c', size: 4, mtimeMs: 1 }]]);
    await saveManifest(file, { pages: records, extra: 0, environment: 'env-1' });
    expect(await loadManifest(file)).toMatchObject({ pages: records, environment: 'env-1' });
    project.write('pages/site.json', JSON.stringify({ pages: {}, environment: 7 }));
    expect((await loadManifest(file)).environment).toBeUndefined();
  });
});
