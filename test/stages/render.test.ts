import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import type { Incident } from '../../src/model/incident.generated.js';
import { buildSite } from '../../src/stages/indexes.js';
import { planSite, renderSite } from '../../src/stages/render.js';
import { prettyJson, prettyJsonArray } from '../../src/stages/render/feeds.js';
import fc from 'fast-check';
import { foldSeries, monthlyChart } from '../../src/stages/render/charts.js';
import { formatAge, formatDuration, htmlText } from '../../src/stages/render/text.js';
import { timelineItems } from '../../src/stages/render/timeline.js';
import { timingOf } from '../../src/stages/timing.js';
import { canonical, utcTimeline } from '../helpers/incidents.js';

const central = canonical(
  { title: 'Deadlock', date: '2019-11-23', network: 'Testnet' },
  {
    Timeline: [
      '2019-11-23 (all times Central Standard Time)',
      '',
      '- 03:07 We receive an alert.',
      '- ~03:10 Someone restarts a node.',
      '- 09:00 Network is all operational.',
      '',
      '2019-11-24 (all times Central Standard Time)',
      '',
      '- 18:00 It happens again.',
    ].join('\n'),
  },
);

describe('timeline view', () => {
  const items = timelineItems(central, timingOf(central));

  it('heads each day, spaces entries by the wait before them and labels long waits', () => {
    expect(items.map((i) => (i.kind === 'entry' ? `${i.gap} ${i.entry.time}` : i.kind === 'day' ? `day ${i.day} ${i.weekday}` : `gap ${i.text}`))).toEqual([
      'day 2019-11-23 Saturday',
      'g0 03:07',
      'g2 ~03:10',
      'gap 5 h 50 min later',
      'g4 09:00',
      'day 2019-11-24 Sunday',
      'gap 33 h 00 min later',
      'g5 18:00',
    ]);
  });

  it('shows the original time with its zone once, the UTC instant beside it, and the elapsed time', () => {
    const entries = items.flatMap((i) => (i.kind === 'entry' ? [i] : []));
    expect(entries.map((e) => [e.zone, e.utc, e.elapsed, e.entry.approximate])).toEqual([
      ['Central Standard Time', '09:07 UTC', 'T+0', false],
      [null, '09:10 UTC', 'T+3 min', true],
      [null, '15:00 UTC', 'T+5 h 53 min', false],
      [null, '2019-11-25 00:00 UTC', 'T+38 h 53 min', false],
    ]);
  });

  it('marks the entries the timing rules picked', () => {
    const marked = items.flatMap((i) => (i.kind === 'entry' && i.marks.length ? [[i.entry.time, i.marks]] : []));
    expect(marked).toEqual([
      ['03:07', ['detected']],
      ['09:00', ['resolved']],
    ]);
  });

  it('does not repeat the UTC time for a timeline written in UTC', () => {
    const utc = canonical({ title: 'In UTC', date: '2024-01-01' }, { Timeline: utcTimeline('2024-01-01', ['09:00 Starts.', '09:05 Ends.']) });
    expect(timelineItems(utc, timingOf(utc)).flatMap((i) => (i.kind === 'entry' ? [i.utc] : []))).toEqual([null, null]);
  });
});

const hostile = canonical(
  { title: '<script>alert(1)</script> outage', date: '2024-02-02', network: '<img src=x onerror=alert(2)>', tags: ['"><script>alert(3)</script>'], authors: ['<b>Eve</b>'] },
  {
    'Action Items': '- [ ] <i>fix</i> "it" & more (owner: <u>Mallory</u>)',
    'Lessons Learned': '### What went wrong\n- <svg onload=alert(4)> was allowed',
    Timeline: utcTimeline('2024-02-02', ['09:00 <script>alert(5)</script> starts', '09:30 Service restored.']),
  },
);
const site = buildSite([central, hostile]);

describe('site plan', () => {
  const config = resolveConfig({ baseUrl: 'https://example.com/pm', now: '2024-06-01' });
  const files = renderSite(site, config);
  const html = files.filter((f) => f.path.endsWith('.html'));
  const file = (p: string) => files.find((f) => f.path === p)!.content;

  it('gives every page a unique title, a description and a canonical URL from the base URL', () => {
    const titles = html.map((f) => f.content.match(/<title>([^<]*)<\/title>/)![1]);
    expect(new Set(titles).size).toBe(html.length);
    for (const f of html) expect(f.content, f.path).toMatch(/<meta name="description" content="[^"]+">/);
    expect(file('stats/index.html')).toContain('<link rel="canonical" href="https://example.com/pm/stats/">');
    expect(file('404.html')).not.toContain('rel="canonical"');
    expect(file('404.html')).toContain('href="https://example.com/pm/assets/style.css"');
  });

  it('forbids scripts on pages that need none and loads the others only from assets/', () => {
    for (const f of html) {
      const scripts = [...f.content.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      const csp = f.content.match(/Content-Security-Policy" content="([^"]+)"/)![1]!;
      if (scripts.length === 0) expect(csp, f.path).toContain("script-src 'none'");
      else {
        expect(csp, f.path).toMatch(/script-src 'self'/);
        for (const s of scripts) expect(s, f.path).toMatch(/^<script src="(?:\.\.\/)*(?:\.\/)?assets\/(?:tables|search)\.js" defer>$/);
      }
    }
    expect(file(`incidents/${central.id}/index.html`)).toContain("script-src 'none'");
    expect(file('search/index.html')).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('escapes what authors wrote on every page, feed and chart', () => {
    for (const f of files.filter((x) => !x.path.endsWith('.js') && !x.path.endsWith('.json'))) {
      const withoutOwnScripts = f.content.replace(/<script src="[^"]*" defer><\/script>/g, '');
      expect(withoutOwnScripts, f.path).not.toMatch(/<script|<img|<svg onload|<u>|<i>fix|<b>Eve/i);
    }
    expect(file('actions/index.html')).toContain('&lt;i&gt;fix&lt;/i&gt; &quot;it&quot; &amp; more');
    expect(file('lessons/index.html')).toContain('&lt;svg onload=alert(4)&gt; was allowed');
    expect(file('stats/index.html')).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });

  it('lists each incident once in every table of incidents it belongs to, in order', () => {
    // The first link of each row goes to its incident (from incidents/, a sibling folder).
    const rowsOf = (p: string) => [...file(p).matchAll(/<tr[^>]*>\s*<td class="date">[\s\S]*?<a href="(?:[./]*incidents\/)?([^/".]+)\/">/g)].map((m) => m[1]);
    expect(rowsOf('incidents/index.html')).toEqual(site.incidents.map((i) => i.id));
    for (const facet of site.facets) {
      for (const value of facet.values) expect(rowsOf(`${facet.path}/${value.slug}/index.html`), value.slug).toEqual(value.incidents.map((i) => i.id));
    }
    // Tables are put together from rows as bytes: nothing of how they are joined may show.
    for (const f of html) expect(f.content, f.path).not.toMatch(/\0|rows:[0-9a-f]{16}/);
  });

  it('counts action item ages to the configured date', () => {
    expect(file('actions/index.html')).toMatch(/data-sort="120">3 months</);
  });

  it('writes the feed, the sitemap and a JSON file per incident with absolute URLs under the base', () => {
    expect(file('feed.xml')).toContain('<link rel="alternate" type="text/html" href="https://example.com/pm/incidents/deadlock/"/>');
    expect(file('feed.xml')).toContain('<id>https://example.com/pm/incidents/deadlock/</id>');
    expect(file('sitemap.xml')).toContain('<loc>https://example.com/pm/</loc>');
    expect(file('sitemap.xml')).toContain('<loc>https://example.com/pm/lessons/</loc>');
    expect(file('sitemap.xml')).not.toMatch(/404|search/);
    expect(JSON.parse(file(`incidents/${central.id}.json`))).toEqual(central);
  });

  it('declares what each page depends on, so incremental rebuilds stay correct', () => {
    const plans = planSite(site, config);
    const deps = (p: string) => plans.find((x) => x.path === p)!.deps;
    expect(new Set(plans.map((p) => p.path)).size).toBe(plans.length);
    // Not `incidents` or `corpus`: an edit elsewhere re-renders only the pages showing what it changed.
    expect(deps(`incidents/${central.id}/index.html`)).toEqual([`incident:${central.id}`, `neighbours:${central.id}`, `related:${central.id}`]);
    expect(deps(`incidents/${central.id}.json`)).toEqual([`incident:${central.id}`]);
    for (const p of ['lessons/index.html', 'actions/index.html', 'stats/index.html', 'feed.xml', 'index.html']) expect(deps(p), p).toContain('corpus');
    // The sitemap lists pages, not what they show: a new title leaves it be, a page more or less does not.
    const sitemapDeps = (incidents: Incident[]) => planSite(buildSite(incidents), config).find((x) => x.path === 'sitemap.xml')!.deps;
    expect(deps('sitemap.xml')).toEqual(sitemapDeps([central, hostile]));
    expect(sitemapDeps([{ ...central, title: 'Renamed' }, hostile])).toEqual(deps('sitemap.xml'));
    // Nor does an incident moving in the list.
    const later = { ...hostile, date: '2019-06-01' };
    const earlier = { ...central, date: '2019-01-01' };
    expect(buildSite([central, later]).incidents[0]!.id).not.toBe(buildSite([earlier, later]).incidents[0]!.id);
    expect(sitemapDeps([earlier, later])).toEqual(sitemapDeps([central, later]));
    expect(sitemapDeps([central])).not.toEqual(deps('sitemap.xml'));
    expect(deps('assets/tables.js')).toEqual(['assets']);
  });
});

describe('site plan without a base URL', () => {
  const files = renderSite(site, resolveConfig());
  const file = (p: string) => files.find((f) => f.path === p)!.content;

  it('keeps every address relative and gives feed entries stable URN ids', () => {
    expect(file('index.html')).not.toContain('rel="canonical"');
    expect(file('404.html')).toContain('href="./assets/style.css"');
    expect(file('sitemap.xml')).toContain('<loc>incidents/deadlock/</loc>');
    const ids = [...file('feed.xml').matchAll(/<id>([^<]+)<\/id>/g)].map((m) => m[1]);
    for (const id of ids) expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(renderSite(site, resolveConfig()).find((f) => f.path === 'feed.xml')!.content).toBe(file('feed.xml'));
  });
});

describe('text and charts', () => {
  it('formats durations and ages the way the pages show them', () => {
    expect([45_000, 12 * 60_000, 185 * 60_000, 47 * 3_600_000, 52 * 3_600_000].map(formatDuration)).toEqual(['45 s', '12 min', '3 h 05 min', '47 h 00 min', '2 d 4 h']);
    expect([1, 59, 61, 800].map(formatAge)).toEqual(['1 day', '59 days', '2 months', '2 years']);
  });

  it('reads sanitized HTML as text, every entity decoded', () => {
    expect(htmlText('<p>fix &#x26; <code>a&lt;b</code>&nbsp;&#39;x&#39;</p>\n<p>next</p>')).toBe("fix & a<b 'x' next");
  });

  it('draws stacked monthly bars from escaped values and folds the smallest series into one', () => {
    const svg = monthlyChart({ months: ['2024-01', '2024-02'], series: [{ label: '<b>net</b>', counts: [2, 1] }], undated: 0 }, 'c', 'Per month', (v) => v);
    expect(svg).toContain('<title>2024-01 · &lt;b&gt;net&lt;/b&gt;: 2</title>');
    expect(svg).not.toContain('<b>');
    expect(svg.match(/<rect /g)).toHaveLength(2);
    const series = Array.from({ length: 10 }, (_, n) => ({ label: `s${n}`, counts: [10 - n] }));
    expect(foldSeries(series).map((s) => [s.label, s.counts[0]])).toEqual([...series.slice(0, 7).map((s) => [s.label, s.counts[0]]), ['3 others', 6]]);
  });
});

describe('incidents.json', () => {
  it('is made piece by piece, with exactly the text of the whole array as JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }), (items) => {
        expect([...prettyJsonArray(items)].join('')).toBe(prettyJson(items));
      }),
    );
  });
});
