import type { Place } from '../../diagnostics/diagnostic.js';
import type { FrontMatter } from '../frontmatter.js';
import type { ExtractContext } from './context.js';
import { closest } from './normalize.js';

/** Keys pmkb reads from front matter: the canonical format's, plus the usual hosts' spellings. */
export const INCIDENT_KEYS = [
  'id', 'title', 'date', 'status', 'network', 'authors', 'author', 'severity', 'tags', 'trigger',
  'references', 'summary', 'description', 'start_time', 'end_time', 'categories', 'company', 'product', 'url',
] as const;

/** Keys that static-site hosts and other tools put in front matter; pmkb leaves them alone quietly. */
const HOST_KEYS = new Set([
  'layout', 'sidebar_label', 'sidebar_position', 'slug', 'aliases', 'path', 'extra', 'draft', 'template',
  'permalink', 'weight', 'toc', 'hide_table_of_contents', 'team', 'team_url', 'uuid', 'source_fetched_at',
  'keywords', 'image', 'last_update', 'lastmod', 'updated', 'excerpt', 'published', 'comments', 'lang',
  'pagination_prev', 'pagination_next', 'custom_edit_url', 'hide_title', 'type', 'menu', 'nav_order',
]);

export interface FrontMatterReader {
  string(key: string): string | undefined;
  strings(key: string): string[] | undefined;
  /** A date-like value: YAML and TOML may hand it over as text or as a date. */
  dateText(key: string): string | undefined;
  place(key: string): Place | undefined;
  raw(key: string): unknown;
}

const describe = (value: unknown) =>
  Array.isArray(value) ? 'a list' : value === null ? 'empty' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;

/**
 * Typed access to front matter that reports a value of the wrong type (`field-type`) at its key
 * instead of failing later, and warns about keys nobody reads.
 */
export function frontMatterReader(fm: FrontMatter, ctx: ExtractContext): FrontMatterReader {
  for (const key of Object.keys(fm.data)) {
    if ((INCIDENT_KEYS as readonly string[]).includes(key) || HOST_KEYS.has(key)) continue;
    ctx.reporter.report('unknown-key', fm.placeOf(key), { key, suggestion: closest(key, INCIDENT_KEYS) });
  }
  const wrong = (key: string, expected: string, example?: string) =>
    ctx.reporter.report('field-type', fm.placeOf(key), { key, expected, actual: describe(fm.data[key]), example });
  return {
    raw: (key) => fm.data[key],
    place: (key) => fm.placeOf(key),
    string(key) {
      const value = fm.data[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'string') return value.trim() || undefined;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      wrong(key, 'text', '"…"');
      return undefined;
    },
    strings(key) {
      const value = fm.data[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'string') return [value];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
      wrong(key, 'a list of text', '[a, b]');
      return undefined;
    },
    dateText(key) {
      const value = fm.data[key];
      if (value === undefined || value === null) return undefined;
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'string') return value;
      wrong(key, 'a date', '2019-11-23');
      return undefined;
    },
  };
}
