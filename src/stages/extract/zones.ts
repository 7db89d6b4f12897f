import { IANAZone } from 'luxon';
import { escapeRegExp } from '../text.js';

export interface Zone {
  /** As the document wrote it, e.g. "Central Standard Time". */
  name: string;
  /** What Luxon understands, e.g. "UTC-6" or "Europe/Copenhagen". */
  luxon: string;
}

const OFFSET = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Reads one zone name: a known abbreviation or name, a numeric offset, or an IANA zone. */
export function resolveZone(text: string, zones: Record<string, string>): Zone | null {
  const name = text.trim().replace(/\.$/, '');
  // Own keys only: "(all times constructor)" must not find Object.prototype.constructor.
  const known = Object.hasOwn(zones, name.toLowerCase()) ? zones[name.toLowerCase()] : undefined;
  if (known) return { name, luxon: known };
  const offset = OFFSET.exec(name);
  if (offset) {
    const minutes = offset[3] && offset[3] !== '00' ? `:${offset[3]}` : '';
    return { name, luxon: `UTC${offset[1]}${Number(offset[2])}${minutes}` };
  }
  if (name.includes('/') && IANAZone.isValidZone(name)) return { name, luxon: name };
  return null;
}

/**
 * Finds a zone declared anywhere in a line such as "2019-11-23 (all times Central Standard Time)",
 * "All times in UTC.", "Date and Time in CET" or "Time (UTC+2)". Longer names win over the
 * abbreviations inside them.
 */
export function findZone(text: string, zones: Record<string, string>): Zone | null {
  const candidates: string[] = [];
  for (const m of text.matchAll(/\(([^)]*)\)/g)) candidates.push(m[1]!.replace(/^\s*(?:all\s+)?times?\s+(?:are\s+)?(?:in\s+)?/i, ''));
  for (const m of text.matchAll(/\b(?:times?\s+(?:are\s+)?(?:in\s+)?|in\s+)([A-Za-z][A-Za-z ]{1,40}?|[A-Za-z]+\/[A-Za-z_]+|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?)\s*(?:[.,;)]|$)/gi)) {
    candidates.push(m[1]!);
  }
  for (const candidate of candidates) {
    const zone = resolveZone(candidate, zones);
    if (zone) return zone;
  }
  const names = Object.keys(zones).sort((a, b) => b.length - a.length);
  for (const name of names) {
    // Two-letter abbreviations (ET, PT) only count in capitals, or "at 10:00 pt" would be a zone.
    const flags = name.length <= 2 ? '' : 'i';
    const written = name.length <= 2 ? name.toUpperCase() : escapeRegExp(name);
    const m = new RegExp(`(?<![\\w/])${written}(?![\\w/])`, flags).exec(text);
    if (m && (name.length > 2 || m[0] === m[0].toUpperCase())) return { name: m[0], luxon: zones[name]! };
  }
  const offset = /(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?/i.exec(text);
  return offset ? resolveZone(offset[0], zones) : null;
}

