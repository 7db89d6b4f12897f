import type { Place } from '../../diagnostics/diagnostic.js';
import type { FrontMatter } from '../frontmatter.js';
import { checkFrontMatter } from '../frontmatter-check.js';
import type { ExtractContext } from './context.js';

export interface FrontMatterReader {
  string(key: string): string | undefined;
  strings(key: string): string[] | undefined;
  /** A date-like value: YAML and TOML may hand it over as text or as a date. */
  dateText(key: string): string | undefined;
  place(key: string): Place | undefined;
  raw(key: string): unknown;
}

/**
 * Typed access to front matter. The file's keys and value types are checked once against
 * schemas/frontmatter.schema.json (`unknown-key`, `field-type` at the key); a value of the wrong type
 * reads as absent here.
 */
export function frontMatterReader(fm: FrontMatter, ctx: ExtractContext): FrontMatterReader {
  checkFrontMatter(fm, ctx.reporter);
  return {
    raw: (key) => fm.data[key],
    place: (key) => fm.placeOf(key),
    string(key) {
      const value = fm.data[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'string') return value.trim() || undefined;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return undefined;
    },
    strings(key) {
      const value = fm.data[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'string') return [value];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
      return undefined;
    },
    dateText(key) {
      const value = fm.data[key];
      if (value === undefined || value === null) return undefined;
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'string') return value;
      return undefined;
    },
  };
}
