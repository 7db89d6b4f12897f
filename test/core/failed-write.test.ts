import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/core/build.js';
import { generatedPostmortems, tempProject } from '../helpers/site.js';

// incidents.json comes after the last page, so Pagefind is already writing the index when it fails.
vi.mock('../../src/stages/render/feeds.js', async (original) => ({
  ...(await original<typeof import('../../src/stages/render/feeds.js')>()),
  prettyJsonArray: () => {
    throw new Error('No space left on device');
  },
}));

describe('a build that fails after the last page', () => {
  const project = tempProject(generatedPostmortems(6).files);
  afterAll(() => project.remove());

  it('leaves no staging folder behind, though the search index was being written into it', async () => {
    await expect(build({ cwd: project.dir, workers: 0 })).rejects.toThrow(/No space left on device/);
    expect(readdirSync(project.dir).filter((name) => name.includes('pmkb-staging'))).toEqual([]);
    expect(project.exists('site')).toBe(false);
  });
});
