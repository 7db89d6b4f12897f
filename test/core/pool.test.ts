import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { mixedProject } from '../helpers/corpus.js';
import { tree, treeDiff } from '../helpers/tree.js';

describe('builds in worker threads', async () => {
  const project = mixedProject(40);
  afterAll(() => project.remove());
  // No cache: both builds parse and render everything, one in this thread, one in two workers.
  const single = await build({ cwd: project.dir, out: 'single', cache: false, workers: 0 });
  const pooled = await build({ cwd: project.dir, out: 'pooled', cache: false, workers: 2 });

  it('parse and render every file and page', () => {
    expect(single.work.parsed).toBeGreaterThan(40);
    expect(pooled.work).toEqual(single.work);
    expect(pooled.work.rendered).toBeGreaterThan(100);
  });

  it('give byte-identical sites and the same model and diagnostics as a single-threaded build', () => {
    expect(pooled.incidents).toEqual(single.incidents);
    expect(pooled.diagnostics).toEqual(single.diagnostics);
    expect(pooled.files).toEqual(single.files);
    const a = tree(path.join(project.dir, 'single'));
    const b = tree(path.join(project.dir, 'pooled'));
    expect(a.size).toBeGreaterThan(100);
    expect(treeDiff(a, b)).toEqual([]);
  });
});
