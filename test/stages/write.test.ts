import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSite } from '../../src/stages/write.js';
import { tempProject } from '../helpers/site.js';

describe('writeSite with an afterWrite hook', () => {
  const project = tempProject({});
  afterAll(() => project.remove());
  const out = path.join(project.dir, 'site');
  const files = [{ path: 'index.html', content: 'home' }];
  const addIndex = (content: string) => async (staging: string) => writeFileSync(path.join(staging, 'extra.bin'), content);

  it('publishes what the hook adds to the staging folder, atomically with the rest', async () => {
    const result = await writeSite(out, files, { afterWrite: addIndex('v1') });
    expect(result).toEqual({ written: 2, unchanged: 0 });
    expect(project.read('site/extra.bin')).toBe('v1');
  });

  it('keeps an unchanged added file from the previous site and rewrites a changed one', async () => {
    const before = statSync(path.join(out, 'extra.bin')).ino;
    expect(await writeSite(out, files, { afterWrite: addIndex('v1') })).toEqual({ written: 0, unchanged: 2 });
    expect(statSync(path.join(out, 'extra.bin')).ino).toBe(before);
    expect(await writeSite(out, files, { afterWrite: addIndex('v2') })).toEqual({ written: 1, unchanged: 1 });
    expect(project.read('site/extra.bin')).toBe('v2');
  });

  it('counts the files the hook adds to the folder it names, and an empty result when it added none', async () => {
    const site = path.join(project.dir, 'named');
    const addUnder = (content: string | null) => async (staging: string) => {
      if (content === null) return;
      mkdirSync(path.join(staging, 'search'), { recursive: true });
      writeFileSync(path.join(staging, 'search', 'index.bin'), content);
      // Outside the folder named: published with the rest, but not looked for, so not counted.
      writeFileSync(path.join(staging, 'stray.bin'), content);
    };
    const options = (content: string | null) => ({ afterWriteFolder: 'search', afterWrite: addUnder(content) });
    expect(await writeSite(site, files, options('v1'))).toEqual({ written: 2, unchanged: 0 });
    expect(project.read('named/stray.bin')).toBe('v1');
    expect(await writeSite(site, files, options('v1'))).toEqual({ written: 0, unchanged: 2 });
    expect(await writeSite(site, files, options(null))).toEqual({ written: 0, unchanged: 1 });
    expect(project.exists('named/search')).toBe(false);
    await expect(writeSite(site, files, { afterWriteFolder: '../elsewhere', afterWrite: addUnder('v1') })).rejects.toThrow('outside the output folder');
  });

  it('leaves the previous site intact when the hook throws', async () => {
    await expect(
      writeSite(out, [{ path: 'index.html', content: 'new home' }], {
        afterWrite: async () => {
          throw new Error('indexer crashed');
        },
      }),
    ).rejects.toThrow('indexer crashed');
    expect(project.read('site/index.html')).toBe('home');
    expect(project.exists(`site.pmkb-staging-${process.pid}`)).toBe(false);
  });
});
