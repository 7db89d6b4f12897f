import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { htmlFiles } from '../helpers/links.js';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';
import { launch, serve } from './harness.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Everything that goes wrong while a page loads: console errors, uncaught exceptions, failed requests. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return problems;
}

describe('the bundled site in Chromium', () => {
  const project = tempProject({});
  const siteDir = path.join(project.dir, 'site');
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let base = '';

  beforeAll(async () => {
    await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'site' });
    server = await serve(siteDir);
    base = server.url;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    project.remove();
  });

  const url = (file: string) => base + path.relative(siteDir, file).replace(/(^|\/)index\.html$/, '$1');

  it('loads every page with no console error, exception or failed request', async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    const pages = htmlFiles(siteDir);
    expect(pages.length).toBeGreaterThan(40);
    const seen: string[] = [];
    for (const file of pages) {
      await page.goto(url(file), { waitUntil: 'load' });
      // The search page keeps loading its index after it is ready; leaving early would abort that.
      if (file.endsWith(`search${path.sep}index.html`)) await page.waitForLoadState('networkidle');
      seen.push(...problems.splice(0).map((p) => `${path.relative(siteDir, file)}: ${p}`));
    }
    await page.close();
    expect(seen).toEqual([]);
  });

  it('answers a missing address with the 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}no/such/incident/`);
    expect(response!.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await page.close();
  });

  it('finds the genesis and endorsement incidents with search, from the home page form too', async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(base);
    await page.fill('#home-q', 'genesis');
    await page.press('#home-q', 'Enter');
    await page.waitForSelector('.search-results li');
    expect(page.url()).toBe(`${base}search/?q=genesis`);
    const titles = () => page.locator('.search-results a').allTextContents();
    expect(await titles()).toContain('Chain Stuck at Genesis (Incident #6)');
    await page.fill('#search-q', 'endorsement');
    await page.waitForSelector('.search-results a:has-text("endorsment")');
    expect(await titles()).toEqual(['2019-11-08 Incident: missed endorsment']);
    await page.locator('.search-results a').first().click();
    await page.waitForURL(`${base}incidents/2019-11-08-incident-missed-endorsment/`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says how to browse instead when the search index cannot load', async () => {
    const page = await browser.newPage();
    await page.route('**/pagefind/**', (route) => route.abort());
    await page.goto(`${base}search/?q=genesis`);
    await page.waitForSelector('[data-search-status]:has-text("could not be loaded")');
    await expect(page.locator('[data-search-status] a').getAttribute('href')).resolves.toBe('../incidents/');
    await page.close();
  });

  it('narrows the all-incidents table with the facet filters and keeps them in the address', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}incidents/`);
    const visible = () => page.locator('#all-incidents tbody tr:visible').count();
    expect(await visible()).toBe(9);
    await page.selectOption('#all-incidents-networks', 'topaz');
    expect(await visible()).toBe(1);
    await expect(page.locator('#all-incidents tbody tr:visible a').first().textContent()).resolves.toBe('Not Receiving P2P Blocks (Incident #7)');
    expect(page.url()).toBe(`${base}incidents/?networks=topaz`);
    await page.selectOption('#all-incidents-networks', '');
    await page.selectOption('#all-incidents-status', 'investigating');
    expect(await visible()).toBe(2);
    await page.fill('#all-incidents-q', 'mutex');
    expect(await visible()).toBe(1);
    await expect(page.locator('[data-filter-count]').textContent()).resolves.toBe('Showing 1 of 9');
    await page.goto(`${base}incidents/?authors=preston&years=2019`);
    expect(await visible()).toBe(3);
    await page.click('button[type="reset"]');
    await expect.poll(visible).toBe(9);
    await page.close();
  });

  it('sorts index tables by any column, with the mouse or the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}networks/`);
    const names = () => page.locator('table tbody tr td:first-child').allTextContents();
    expect(await names()).toEqual(['Unspecified', 'Mainnet', 'Topaz']);
    await page.getByRole('button', { name: 'Network' }).click();
    expect(await names()).toEqual(['Mainnet', 'Topaz', 'Unspecified']);
    await expect(page.locator('th').first().getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.goto(`${base}incidents/`);
    await page.getByRole('button', { name: 'Date' }).focus();
    await page.keyboard.press('Enter');
    const dates = await page.locator('#all-incidents tbody td.date').allTextContents();
    expect(dates).toEqual([...dates].sort());
    await page.keyboard.press('Enter');
    expect(await page.locator('#all-incidents tbody td.date').first().textContent()).toBe('2024-03-12');
    await page.close();
  });

  it('reads without JavaScript: a plain, complete table and a note where search would be', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}incidents/`);
    expect(await page.locator('#all-incidents tbody tr:visible').count()).toBe(9);
    expect(await page.locator('form.filters').isVisible()).toBe(false);
    await page.goto(`${base}search/`);
    await expect(page.locator('[data-search-status]').textContent()).resolves.toContain('Search needs JavaScript');
    await context.close();
  });

  it('starts keyboard navigation at a skip link that moves focus to the content', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}incidents/mutex-deadlock-cascading-failures-incident-4/`);
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
    await page.close();
  });

  it('serves a well-formed Atom feed and sitemap', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    // Runs in the page, where DOMParser is the browser's own XML parser.
    const parsed = (await page.evaluate(`(async () => {
      const parse = async (name) => new DOMParser().parseFromString(await (await fetch(name)).text(), 'application/xml');
      const feed = await parse('feed.xml');
      const sitemap = await parse('sitemap.xml');
      return {
        errors: feed.getElementsByTagName('parsererror').length + sitemap.getElementsByTagName('parsererror').length,
        entries: feed.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry').length,
        urls: sitemap.getElementsByTagName('url').length,
      };
    })()`)) as { errors: number; entries: number; urls: number };
    expect(parsed.errors).toBe(0);
    expect(parsed.entries).toBe(9);
    expect(parsed.urls).toBeGreaterThan(40);
    await page.close();
  });

  it.each([
    ['home', ''],
    ['an incident page', 'incidents/2024-03-12-gateway-certificate-expiry/'],
    ['an incident page with a zoned timeline', 'incidents/mutex-deadlock-cascading-failures-incident-4/'],
    ['an incident page with code blocks', 'incidents/finality-decreased-incident-3/'],
    ['an index page', 'networks/'],
    ['a facet value page', 'triggers/deployment/'],
    ['all incidents', 'incidents/'],
    ['lessons', 'lessons/'],
    ['action items', 'actions/'],
    ['stats', 'stats/'],
    ['search', 'search/?q=genesis'],
  ])('axe finds no serious or critical violation on %s, in light and dark mode', async (_, address) => {
    // axe is injected as a script, which the pages' own policy rightly forbids.
    const context = await browser.newContext({ bypassCSP: true, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(base + address);
    if (address.startsWith('search')) await page.waitForSelector('.search-results li');
    await page.addScriptTag({ content: AXE });
    const run = async (options: object) =>
      (await page.evaluate(`axe.run(document, ${JSON.stringify(options)}).then((r) =>
        r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`)) as Array<{
        id: string;
        impact: string;
        targets: string[];
      }>;
    const light = await run({ resultTypes: ['violations'] });
    // Only colours change with the scheme, so the dark run checks contrast alone.
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await run({ resultTypes: ['violations'], runOnly: ['color-contrast'] });
    await context.close();
    const severe = (list: typeof light) => list.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect({ light: severe(light), dark: severe(dark) }).toEqual({ light: [], dark: [] });
  });
});
