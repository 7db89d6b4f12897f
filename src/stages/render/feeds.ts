import { createHash } from 'node:crypto';
import type { Listed, NarrativeReader } from '../../model/site.js';
import { escapeXml as esc, label, summaryText } from './text.js';

export const FEED_LIMIT = 50;

/** A stable `urn:uuid:` for things that have no absolute URL (a site built without `baseUrl`). */
function urn(name: string): string {
  const h = createHash('sha1').update(`pmkb:${name}`).digest('hex');
  // Shaped as a name-based (version 5, RFC 4122 variant) UUID so feed readers accept it.
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Atom feed of the newest dated incidents. Its timestamps are incident dates, never the build time,
 * so rebuilding the same input gives the same bytes. Undated incidents have no place in a feed
 * ordered by time and are left out.
 */
export function atomFeed(incidents: readonly Listed[], narratives: NarrativeReader, title: string, base: string): string {
  const dated = incidents.filter((i) => i.date).slice(0, FEED_LIMIT);
  const updated = dated.reduce((newest, i) => (i.date! > newest ? i.date! : newest), '1970-01-01');
  const entries = dated.map((i) => {
    const url = `${base}incidents/${i.id}/`;
    const { sections } = narratives.get(i);
    const summary = sections.summary?.html ?? sections.impact?.html;
    return [
      '  <entry>',
      `    <title>${esc(i.title)}</title>`,
      `    <id>${esc(base ? url : urn(`incident:${i.id}`))}</id>`,
      `    <link rel="alternate" type="text/html" href="${esc(url)}"/>`,
      `    <published>${i.date}T00:00:00Z</published>`,
      `    <updated>${i.date}T00:00:00Z</updated>`,
      ...i.authors.map((a) => `    <author><name>${esc(a)}</name></author>`),
      `    <category term="${esc(i.trigger.category)}" label="${esc(label(i.trigger.category))}"/>`,
      `    <category term="${esc(i.status)}" label="${esc(`Status: ${i.status}`)}"/>`,
      `    <summary>${esc(summaryText(i, 500))}</summary>`,
      ...(summary ? [`    <content type="html">${esc(summary)}</content>`] : []),
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${esc(title)}</title>`,
    `  <id>${esc(base || urn(`site:${title}`))}</id>`,
    `  <updated>${updated}T00:00:00Z</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(`${base}feed.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${esc(base || './')}"/>`,
    `  <author><name>${esc(title)}</name></author>`,
    '  <generator>pmkb</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** Every page a search engine should know, by its folder URL. Absolute only when `base` is set. */
export function sitemap(paths: readonly string[], base: string): string {
  const urls = paths.map((p) => `  <url><loc>${esc(base + p.replace(/(^|\/)index\.html$/, '$1') || './')}</loc></url>`);
  return ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, '</urlset>', ''].join('\n');
}

/** JSON as the site publishes it: two-space indents and a final newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The same text as prettyJson(items), made one item at a time from each item's own prettyJson text:
 * only one is ever in memory.
 */
export function* prettyJsonArray<T>(items: readonly T[], itemJson: (value: T) => string = prettyJson): Generator<string> {
  if (items.length === 0) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  for (let i = 0; i < items.length; i++) {
    // prettyJson's text one level deeper: indented, without its final line break.
    yield `  ${itemJson(items[i]!).slice(0, -1).replaceAll('\n', '\n  ')}${i < items.length - 1 ? ',' : ''}\n`;
  }
  yield ']\n';
}
