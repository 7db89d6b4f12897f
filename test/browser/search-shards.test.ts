import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';
import { launch, serve } from './harness.js';

describe('search over an index in shards, in Chromium', () => {
  const project = tempProject({});
  let browser: Browser;
  const servers: Array<Awaited<ReturnType<typeof serve>>> = [];
  let whole = '';
  let sharded = '';

  beforeAll(async () => {
    // The same site twice: its index whole, and split into as many shards as there may be, some of
    // which the hash leaves empty.
    await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'whole', workers: 0 });
    await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'sharded', searchPagesPerShard: 1 });
    servers.push(await serve(path.join(project.dir, 'whole')), await serve(path.join(project.dir, 'sharded')));
    [whole, sharded] = servers.map((s) => s.url) as [string, string];
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    project.remove();
  });

  /** Searches on the site's search page, typing each query as a reader would, and reads what it says. */
  async function searchAll(base: string, queries: string[]): Promise<Record<string, { status: string; titles: string[] }>> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    await page.goto(`${base}search/`);
    await page.waitForSelector('[data-search-status]:has-text("Type a word")');
    const found: Record<string, { status: string; titles: string[] }> = {};
    for (const query of queries) {
      await page.fill('#search-q', query);
      await page.waitForSelector(`[data-search-status]:has-text("“${query}”")`);
      found[query] = { status: (await page.locator('[data-search-status]').textContent()) ?? '', titles: (await page.locator('.search-results a').allTextContents()).sort() };
    }
    expect(problems).toEqual([]);
    await page.close();
    return found;
  }

  it('finds every incident the whole index finds, whichever shard it is in', async () => {
    const listed = JSON.parse(readFileSync(path.join(project.dir, 'sharded', 'pagefind', 'shards.json'), 'utf8')) as { shards: string[] };
    expect(listed.shards.length).toBeGreaterThan(2);
    expect(listed.shards.length).toBeLessThan(8);
    // Whole words, words that other words extend (fail: failure, final: finality), several words.
    const queries = ['genesis', 'node', 'block', 'endorsement', 'endorsements', 'fail', 'final', 'time', 'config', 'missed endorsement', 'finality gap'];
    const expected = await searchAll(whole, queries);
    for (const query of queries) expect(expected[query]!.titles.length, query).toBeGreaterThan(0);
    expect(await searchAll(sharded, queries)).toEqual(expected);
  });

  it('says there is nothing to search on a site without incidents', async () => {
    mkdirSync(path.join(project.dir, 'empty'));
    await build({ cwd: project.dir, src: 'empty', out: 'nothing' });
    expect(JSON.parse(readFileSync(path.join(project.dir, 'nothing', 'pagefind', 'shards.json'), 'utf8'))).toEqual({ shards: [] });
    const server = await serve(path.join(project.dir, 'nothing'));
    servers.push(server);
    const page = await browser.newPage();
    await page.goto(`${server.url}search/?q=genesis`);
    await page.waitForSelector('[data-search-status]:has-text("no incidents to search")');
    await page.close();
  });
});
