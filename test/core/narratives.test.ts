import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { NarrativeStore } from '../../src/core/narratives.js';
import { ParseCache } from '../../src/core/parse-cache.js';
import { filesIn } from '../../src/stages/write.js';
import { listedOf } from '../helpers/incidents.js';
import { incidentOf } from '../helpers/parse.js';
import { generatedPostmortems, tempProject } from '../helpers/site.js';

/** Every file of a built site (search index included) by its path in the site, as bytes in base64. */
async function siteFiles(dir: string): Promise<Record<string, string>> {
  const files = await filesIn(dir);
  return Object.fromEntries(files.map((file) => [path.relative(dir, file), readFileSync(file).toString('base64')]));
}

// Two incidents of one file, one of them with the id of another file's incident: its suffixed id is
// checked again against the schema, with its narrative read back.
const twoInOne = `# Two incidents

## Gateway certificate expired

**Date:** 2024-03-12

**Network:** Mainnet

### Summary

The gateway certificate expired.

### Timeline

- 2024-03-12 10:00 UTC Alert fires.
- 2024-03-12 11:00 UTC Certificate renewed; service restored.

## Disk full on the archive node

**Date:** 2024-04-02

**Network:** Testnet

### Summary

Log rotation was off and the disk filled.
`;

describe('narratives read back when pages need them', async () => {
  const { files } = generatedPostmortems(12);
  const project = tempProject({
    ...files,
    'postmortems/two.md': twoInOne,
    'postmortems/again.md': '---\ntitle: Gateway certificate expired\ndate: 2024-05-01\n---\n\n## Summary\n\nIt expired again.\n',
  });
  afterAll(() => project.remove());
  // Held in memory: no cache at all.
  const held = await build({ cwd: project.dir, out: 'held', cache: false });
  const expected = await siteFiles(path.join(project.dir, 'held'));

  it('from the parse cache, a site byte for byte the one built from narratives held in memory', async () => {
    const cached = await build({ cwd: project.dir, out: 'cached' });
    expect(cached.work.parsed).toBe(14);
    expect(await siteFiles(path.join(project.dir, 'cached'))).toEqual(expected);
    // Every incident's own pages rendered again, their narratives now read from cache entries.
    rmSync(path.join(project.dir, 'cached', 'incidents'), { recursive: true });
    const warm = await build({ cwd: project.dir, out: 'cached' });
    expect(warm.work).toMatchObject({ parsed: 0, cached: 14 });
    expect(await siteFiles(path.join(project.dir, 'cached'))).toEqual(expected);
    expect(warm.incidents).toEqual(held.incidents);
  });

  it('from memory when the cache cannot store them', async () => {
    // A file where the cache's folder of analyses should be: every entry fails to be written.
    rmSync(path.join(project.dir, '.pmkb-cache'), { recursive: true, force: true });
    await build({ cwd: project.dir, out: 'unused', incidents: false });
    rmSync(path.join(project.dir, '.pmkb-cache', 'parse'), { recursive: true });
    writeFileSync(path.join(project.dir, '.pmkb-cache', 'parse'), 'not a folder');
    const result = await build({ cwd: project.dir, out: 'uncached', incidents: false });
    expect(result.work.parsed).toBe(14);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(await siteFiles(path.join(project.dir, 'uncached'))).toEqual(expected);
  });

  it('parsed again when a cache entry is damaged, rather than failing every later build', async () => {
    const cache = path.join(project.dir, '.pmkb-cache', 'parse');
    rmSync(cache, { force: true });
    await build({ cwd: project.dir, out: 'damaged', incidents: false });
    const entries = (await filesIn(cache)).filter((file) => readFileSync(file, 'utf8').includes('"two.md"'));
    expect(entries).toHaveLength(1);
    const text = readFileSync(entries[0]!, 'utf8');
    writeFileSync(entries[0]!, text.slice(0, text.length - 40));
    rmSync(path.join(project.dir, 'damaged', 'incidents'), { recursive: true });
    const result = await build({ cwd: project.dir, out: 'damaged', incidents: false });
    expect(result.work).toMatchObject({ parsed: 1, cached: 13 });
    expect(await siteFiles(path.join(project.dir, 'damaged'))).toEqual(expected);
  });

  it('one line at a time from a file of many incidents, once its lines are no longer kept', async () => {
    const cache = new ParseCache(path.join(project.dir, 'lines'));
    // Characters of two to four bytes in UTF-8: lines are found by their bytes, read as text.
    const narratives = ['naïve résumé', 'ℹ️ 日本語のログ', '🔥 outage'].map((text, i) => ({ brief: text, index: i }));
    const text = [JSON.stringify({ path: 'many.md' }), ...narratives.map((n) => JSON.stringify(n))].join('\n');
    expect(await cache.put('many', text)).toBe(true);
    // Keeps no file's lines: every read after the first reads only its own line.
    const store = new NarrativeStore(cache, 0);
    const read = (index: number) => store.read({ key: 'many', index }, 'many.md');
    expect([2, 0, 1, 2].map(read)).toEqual([2, 0, 1, 2].map((i) => narratives[i]));
    rmSync(cache.file('many'));
    expect(() => read(1)).toThrow(/narrative of many\.md .* no longer in the parse cache/);
  });

  it('with a clear error when a cache entry disappeared since parsing', () => {
    const cache = new ParseCache(path.join(project.dir, 'nowhere'));
    const store = new NarrativeStore(cache);
    const incident = listedOf(incidentOf('# Gone\n\n## Summary\n\nText.\n', 'gone.md'));
    store.set(incident.id, { key: 'f00d', index: 0 });
    expect(() => store.get(incident)).toThrow(/narrative of gone\.md .* no longer in the parse cache.*Build again/);
  });
});
