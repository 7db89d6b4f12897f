import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyEdit, metadataEdit, postmortem } from '../../bench/corpus.js';
import { build } from '../../src/core/build.js';
import { startDev, type Rebuild } from '../../src/dev/index.js';
import { SITE_MARKER } from '../../src/stages/write.js';
import { generatedPostmortems, tempProject } from '../helpers/site.js';
import { tree, treeDiff } from '../helpers/tree.js';

const COUNT = 24;

describe('pmkb dev after a run of edits, once idle', async () => {
  const { files, names } = generatedPostmortems(COUNT);
  const project = tempProject(files);
  const src = (name: string) => path.join(project.dir, 'postmortems', name);
  const rebuilds: Rebuild[] = [];
  const dev = await startDev({ cwd: project.dir, port: 0, workers: 0, onRebuild: (rebuild) => rebuilds.push(rebuild) });
  await dev.ready;
  // On a busy machine chokidar can miss a change made the moment it reports ready.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  afterAll(async () => {
    await dev.close();
    project.remove();
  });

  /** Waits until the watcher has rebuilt for `parsed` files since `from`. */
  async function parsedSince(from: number, parsed: number) {
    while (rebuilds.slice(from).reduce((n, r) => n + r.parsed, 0) < parsed) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('serves what a fresh build of the same sources writes, byte for byte', async () => {
    const withFrontMatter = names.filter((n) => files[`postmortems/${n}`]!.startsWith('---\nid:'));
    // Edits in quick succession: each rebuild cancels the follow-up of the one before.
    const edits: Array<[string, string]> = [
      [names[0]!, bodyEdit(files[`postmortems/${names[0]}`]!, 1)],
      [withFrontMatter[0]!, metadataEdit(files[`postmortems/${withFrontMatter[0]}`]!, 2)],
      [names[5]!, bodyEdit(files[`postmortems/${names[5]}`]!, 3)],
      [withFrontMatter[1]!, metadataEdit(files[`postmortems/${withFrontMatter[1]}`]!, 4)],
    ];
    for (const [name, text] of edits) {
      const from = rebuilds.length;
      writeFileSync(src(name), text);
      await parsedSince(from, 1);
    }
    const added = postmortem(COUNT + 1);
    let from = rebuilds.length;
    writeFileSync(src(added.name), added.text);
    await parsedSince(from, 1);
    from = rebuilds.length;
    rmSync(src(names[7]!));
    while (!rebuilds.slice(from).some((r) => !r.followUp)) await new Promise((resolve) => setTimeout(resolve, 20));

    // Idle: the watcher has nothing pending (its recheck of each change included) and the last follow-up has run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dev.session.followUp();
    expect(rebuilds.some((r) => r.followUp && r.rendered > 0)).toBe(true);
    expect(rebuilds.filter((r) => r.failure)).toEqual([]);

    await build({ cwd: project.dir, out: 'full', cache: false, workers: 0 });
    const skip = (f: string) => f.startsWith('pagefind') || f === SITE_MARKER;
    expect(treeDiff(tree(dev.session.outDir, skip), tree(path.join(project.dir, 'full'), skip))).toEqual([]);
  });
});
