import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyEdit, metadataEdit, postmortem } from '../../bench/corpus.js';
import { build } from '../../src/core/build.js';
import { tempProject } from '../helpers/site.js';
import { tree, treeDiff } from '../helpers/tree.js';

const COUNT = 40;
/** Pages that collect across every incident's content (`corpus`): they render after any edit. */
const ACROSS = ['index.html', 'lessons/index.html', 'actions/index.html', 'stats/index.html', 'feed.xml', 'incidents.json'];
/** Small pages over every incident's listed fields: they render after a metadata edit. */
const LISTS = ['sitemap.xml', ...['networks', 'triggers', 'status', 'years', 'authors', 'tags'].map((f) => `${f}/index.html`)];

describe('a warm build after one file changed', () => {
  const files: Record<string, string> = {};
  for (let n = 1; n <= COUNT; n++) {
    const { name, text } = postmortem(n);
    files[`postmortems/${name}`] = text;
  }
  const project = tempProject(files);
  afterAll(() => project.remove());
  const run = () => build({ cwd: project.dir, workers: 0 });
  const site = path.join(project.dir, 'site');
  const skip = (f: string) => f.startsWith('pagefind');

  /** Edits one file, builds, and returns what was rendered and which files' bytes changed. */
  async function edit(name: string, change: (text: string) => string) {
    await run();
    const before = tree(site, skip);
    project.write(name, change(project.read(name)));
    const result = await run();
    expect(result.work.parsed).toBe(1);
    return { rendered: result.work.rendered, changed: treeDiff(before, tree(site, skip)) };
  }

  it('renders only the pages whose bytes can change, for a body edit', async () => {
    const name = Object.keys(files)[3]!;
    const { rendered, changed } = await edit(name, (text) => bodyEdit(text, 1));
    const incidentPages = changed.filter((p) => /^incidents\/[^/]+\/index\.html$/.test(p));
    expect(incidentPages.length).toBeGreaterThanOrEqual(1);
    // Every other rendered page is one whose bytes changed: its own page and JSON, and pages whose related list moved.
    expect(rendered).toBeLessThanOrEqual(new Set([...changed, ...ACROSS]).size);
    expect(rendered).toBeLessThan(COUNT);
  });

  it('renders only the pages whose bytes can change, for a metadata edit', async () => {
    const name = Object.keys(files).find((n) => files[n]!.startsWith('---\nid:'))!;
    const { rendered, changed } = await edit(name, (text) => metadataEdit(text, 2));
    expect(changed).toEqual(expect.arrayContaining(['incidents/index.html']));
    expect(rendered).toBeLessThanOrEqual(new Set([...changed, ...ACROSS, ...LISTS]).size);
  });

  it('gives the same site as a build without a cache', async () => {
    await build({ cwd: project.dir, out: 'fresh', cache: false, workers: 0 });
    expect(treeDiff(tree(site, skip), tree(path.join(project.dir, 'fresh'), skip))).toEqual([]);
  });
});
