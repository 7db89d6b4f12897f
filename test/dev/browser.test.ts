import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDev, type Dev, type Rebuild } from '../../src/dev/index.js';
import { tempProject } from '../helpers/site.js';
import { launch } from '../browser/harness.js';

const incident = (title: string, date: string, summary: string, extra = '') => `---\ntitle: ${title}\ndate: ${date}\nstatus: resolved\n${extra}---\n\n## Summary\n\n${summary}\n`;

describe('pmkb dev in Chromium', () => {
  const project = tempProject({
    'postmortems/a.md': incident('Alpha outage', '2024-01-02', 'Alpha v1.'),
    'postmortems/b.md': incident('Beta outage', '2023-02-03', 'Beta v1.'),
  });
  const src = (name: string) => path.join(project.dir, 'postmortems', name);
  let dev: Dev;
  let browser: Browser;
  let page: Page;
  const listeners = new Set<(rebuild: Rebuild) => void>();
  const nextRebuild = (done: (r: Rebuild) => boolean) =>
    new Promise<Rebuild>((resolve) => {
      const listener = (rebuild: Rebuild) => {
        if (!done(rebuild)) return;
        listeners.delete(listener);
        resolve(rebuild);
      };
      listeners.add(listener);
    });
  let loads = 0;

  beforeAll(async () => {
    dev = await startDev({ cwd: project.dir, port: 0, workers: 0, onRebuild: (r) => [...listeners].forEach((l) => l(r)) });
    await dev.ready;
    browser = await launch();
    page = await browser.newPage();
    page.on('load', () => loads++);
    // A second listener on the same stream, to know when the page has heard of a change.
    await page.addInitScript({ content: "window.__changes = 0; new EventSource('/__pmkb/events').addEventListener('change', () => window.__changes++);" });
    await page.goto(`${dev.url}incidents/alpha-outage/`);
  });
  afterAll(async () => {
    await browser?.close();
    await dev?.close();
    project.remove();
  });

  it('runs the live-reload client under the page’s Content-Security-Policy', async () => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.reload();
    await expect.poll(() => page.evaluate(`document.querySelector('link[href="/__pmkb/overlay.css"]') !== null`)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('does not reload for a change to another incident, and reloads when its own page changes', async () => {
    const before = loads;
    const heard = (await page.evaluate('window.__changes')) as number;
    const other = nextRebuild((r) => r.changed.includes('incidents/beta-outage/index.html'));
    writeFileSync(src('b.md'), incident('Beta outage', '2023-02-03', 'Beta v2.'));
    await other;
    await page.waitForFunction(`window.__changes > ${heard}`);
    const reloaded = page.waitForEvent('load');
    writeFileSync(src('a.md'), incident('Alpha outage', '2024-01-02', 'Alpha v2.'));
    await reloaded;
    expect(loads).toBe(before + 1);
    expect(await page.textContent('main')).toContain('Alpha v2.');
  });

  it('shows errors in an overlay, as text, and keeps the last good page', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const broken = nextRebuild((r) => r.diagnostics.some((d) => d.ruleId === 'id-invalid'));
    writeFileSync(src('b.md'), incident('Beta outage', '2023-02-03', 'Beta v3.', `id: '${hostile}'\n`));
    await broken;
    const overlay = page.locator('#pmkb-overlay');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain(hostile);
    expect(await overlay.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.textContent('main')).toContain('Alpha v2.');

    const fixed = nextRebuild((r) => !r.diagnostics.some((d) => d.severity === 'error'));
    writeFileSync(src('b.md'), incident('Beta outage', '2023-02-03', 'Beta v4.'));
    await fixed;
    await overlay.waitFor({ state: 'detached' });
  });

  it('says so in an overlay when edits are no longer seen, apart from any rebuild failure', async () => {
    const stopped = 'Its file watcher stopped (<b>exit code 1</b>).';
    // Sent until the page shows it: the follow-up rebuild of the edits above may still broadcast a
    // state without it (in real use every broadcast carries it once the watcher has stopped). Read in
    // one snapshot, so that an overlay replaced meanwhile is not waited for.
    const shown = async () => {
      dev.server.broadcast([], { diagnostics: [], stopped });
      // A string, as the other page scripts here: this project's types have no DOM.
      return page.evaluate(`(() => {
        const overlay = document.getElementById('pmkb-overlay');
        return overlay && { title: overlay.querySelector('h2')?.textContent, text: overlay.textContent.includes(${JSON.stringify(stopped)}), markup: overlay.querySelectorAll('b').length };
      })()`);
    };
    await expect.poll(shown, { timeout: 15_000 }).toEqual({ title: 'pmkb dev no longer sees edits.', text: true, markup: 0 });
  });
});
