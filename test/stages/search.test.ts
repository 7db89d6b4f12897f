import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { SearchIndex } from '../../src/stages/search.js';
import { pagefindVersion } from '../../src/stages/search/pagefind.js';
import { tempProject } from '../helpers/site.js';

describe('the Pagefind an index is made with', () => {
  it('is known by its version, so that a new Pagefind indexes every shard again', () => {
    // pagefind exports no package.json to resolve; an 'unknown' version would keep old shards forever.
    const installed = JSON.parse(readFileSync(new URL('../../node_modules/pagefind/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(pagefindVersion()).toBe(installed.version);
  });
});

describe('a build whose search indexing fails', () => {
  const project = tempProject({ 'postmortems/a.md': '# Outage\n\n**Date:** 2024-01-02\n\n**Summary:** Something broke.\n' });
  afterAll(() => {
    delete process.env.PAGEFIND_EXTENDED_BINARY_PATH;
    project.remove();
  });

  it('still publishes the site and reports a warning, not an error', async () => {
    // Pagefind looks here before its own binary; a missing file is what a platform without one looks like.
    process.env.PAGEFIND_EXTENDED_BINARY_PATH = `${project.dir}/no-such-pagefind`;
    const result = await build({ cwd: project.dir });
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'search-index-failed', severity: 'warning', file: 'site' })]);
    expect(project.exists('site/incidents/outage/index.html')).toBe(true);
    expect(project.exists('site/search/index.html')).toBe(true);
    expect(existsSync(`${project.dir}/site/pagefind`)).toBe(false);
  });

  it('is indexed by the next build once Pagefind works, though no page changed', async () => {
    delete process.env.PAGEFIND_EXTENDED_BINARY_PATH;
    const result = await build({ cwd: project.dir });
    expect(result.diagnostics).toEqual([]);
    expect(project.exists('site/pagefind/shards.json')).toBe(true);
  });
});

describe('a Pagefind that stops answering', () => {
  const project = tempProject({ 'silent-pagefind': '#!/bin/sh\n# Reads requests and never answers, like a hung indexer.\ncat > /dev/null\n' });
  afterAll(() => {
    delete process.env.PAGEFIND_EXTENDED_BINARY_PATH;
    project.remove();
  });

  it('is stopped after the timeout, and the failure is a reason, not a hang', async () => {
    chmodSync(`${project.dir}/silent-pagefind`, 0o755);
    process.env.PAGEFIND_EXTENDED_BINARY_PATH = `${project.dir}/silent-pagefind`;
    const started = performance.now();
    const search = await SearchIndex.start({ timeoutMs: 300 });
    const result = await search.write(`${project.dir}/site`);
    expect(result).toEqual({ error: expect.stringMatching(/did not answer within/) });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
