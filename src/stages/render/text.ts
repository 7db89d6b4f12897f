import type { Listed } from '../../model/site.js';

/** Display form of slug-like values: "external-dependency" → "External dependency". */
export function label(value: string): string {
  return /^[a-z][a-z0-9-]*$/.test(value) ? value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, ' ') : value;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Plain text of sanitized HTML: tags dropped, entities decoded, space collapsed. */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (entity, hex?: string, dec?: string, name?: string) => {
      if (name) return NAMED[name.toLowerCase()] ?? entity;
      const code = parseInt(hex ?? dec!, hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * One line about an incident for meta descriptions and feeds, from the plain text of its summary (see
 * Brief), so no markup leaks in. Cutting the brief's summary cuts the whole text the same way.
 */
export function summaryText(incident: Listed, max = 200): string {
  return truncate(incident.brief.summary, max) || incident.title;
}

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h": precise enough to compare, short enough for a card. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** An age in whole days as people say it: "12 days", "5 months", "3 years". */
export function formatAge(days: number): string {
  if (days < 60) return `${days} day${days === 1 ? '' : 's'}`;
  if (days < 730) return `${Math.floor(days / 30.44)} months`;
  return `${Math.floor(days / 365.25)} years`;
}

/** "2019-11-23T09:07:00Z" → "2019-11-23 09:07" (seconds kept when present). */
export function utc(iso: string): string {
  return iso.replace('T', ' ').replace(/:00Z$|Z$/, '');
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for XML and HTML, in element content and in quoted attributes alike. Control
 * characters other than tab and newline are dropped: XML 1.0 cannot hold them at all, so one in a
 * title would make feed.xml unreadable.
 */
export function escapeXml(value: string | number): string {
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}
