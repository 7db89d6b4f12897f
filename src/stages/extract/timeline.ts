import type { List, RootContent, Table } from 'mdast';
import { DateTime } from 'luxon';
import type { TimelineEntry } from '../../model/incident.generated.js';
import { plainText, sourceOf } from '../markdown.js';
import type { ExtractContext } from './context.js';
import { findDate, parseWholeDate } from './dates.js';
import { findZone, resolveZone, type Zone } from './zones.js';

export interface TimelineResult {
  entries: TimelineEntry[];
}

interface State {
  day: string | null;
  zone: Zone | null;
  /** A zone problem was already reported for this timeline: one warning is enough. */
  zoneReported: boolean;
}

const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?`;
// Optional "~", optional leading date, a time, an optional range end; the rest is the entry's text.
const ENTRY = new RegExp(
  String.raw`^(?<approx>~|≈|approx\.?\s+|around\s+|circa\s+)?` +
    String.raw`(?:(?<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}/\d{1,2}/\d{4})(?:[ T,]+|$))?` +
    String.raw`(?:(?<time>${TIME})(?:\s*(?:~|–|—|-|to)\s*~?(?<end>${TIME}))?)?` +
    String.raw`(?<text>.*)$`,
  'is',
);
const ZONE_WORD = /^\s*\(?((?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-Za-z]{2,5})\)?(?=[\s:,|–—-]|$)/;
const SEPARATOR = /^\s*(?:[-–—:|]\s+|[-–—:|]$)?/;

/** Placeholder or mistyped times that authors leave in tables: --:--, HH:mm, 20202-01-16. */
const LOOKS_LIKE_TIME = /^(?:[-–—]{1,2}:[-–—]{1,2}|hh:mm|y{2,4}-mm-dd|\d{5,}-\d{1,2}-\d{1,2}|\d{1,2}:\d{1,2}:?\s*$|\d{4}-\d{1,2}-\d{1,2}\s+[\d?x]{1,2}:[\d?x]{2})/i;

/**
 * Reads a timeline section: bullet lists under day headers (paragraphs or headings that hold a date
 * and maybe a zone), time-stamped paragraph lines, and tables whose first time-like column holds the
 * moment. Zones declared once apply to everything after them in the section.
 */
export function extractTimeline(nodes: readonly RootContent[], statedDate: string | null, ctx: ExtractContext): TimelineResult {
  const state: State = { day: statedDate, zone: null, zoneReported: false };
  const entries: TimelineEntry[] = [];
  const add = (raw: string, line: number, column: number) => {
    const entry = parseEntry(raw, line, column, state, ctx);
    if (!entry) return;
    if (entry.time && !entry.zone && !state.zoneReported) {
      state.zoneReported = true;
      ctx.reporter.report('timeline-zone-missing', { line, column }, { zone: ctx.config.defaultZone });
    }
    entries.push(entry);
  };

  for (const node of nodes) {
    if (node.type === 'heading' || node.type === 'paragraph') {
      const lines = sourceOf(ctx.source, [node]).replace(/^#+\s*/, '').split('\n');
      const first = node.position?.start.line ?? 1;
      lines.forEach((text, i) => {
        if (readHeader(stripEmphasis(text), first + i, state, ctx)) return;
        // Prose between entries is commentary, not an entry; only time-stamped lines count.
        if (node.type === 'paragraph' && startsWithTime(stripEmphasis(text))) add(stripEmphasis(text), first + i, 1);
      });
    } else if (node.type === 'list') {
      readList(node, add, ctx);
    } else if (node.type === 'table') {
      readTable(node, state, add, ctx);
    }
  }
  return { entries };
}

function readList(list: List, add: (raw: string, line: number, column: number) => void, ctx: ExtractContext): void {
  for (const item of list.children) {
    const first = item.children[0];
    if (!first) continue;
    const raw = first.type === 'paragraph' ? sourceOf(ctx.source, [first]) : plainText(first);
    add(raw.replace(/\s*\n\s*/g, ' '), first.position?.start.line ?? 1, first.position?.start.column ?? 1);
  }
}

function readTable(table: Table, state: State, add: (raw: string, line: number, column: number) => void, ctx: ExtractContext): void {
  const [header, ...rows] = table.children;
  if (!header) return;
  const headings = header.children.map((cell) => plainText(cell));
  let timeColumn = headings.findIndex((h) => /time|date|when|utc/i.test(h));
  if (timeColumn < 0) timeColumn = 0;
  const zone = findZone(headings[timeColumn]!, ctx.config.zones) ?? findZone(headings.join(' '), ctx.config.zones);
  if (zone) state.zone = zone;
  for (const row of rows) {
    const cells = row.children.map((cell) => (cell.children.length ? sourceOf(ctx.source, cell.children) : '').trim());
    const when = cells[timeColumn] ?? '';
    const rest = cells.filter((_, i) => i !== timeColumn && cells[i] !== '').join(' — ');
    const line = row.position?.start.line ?? 1;
    add(`${when} ${rest}`.trim(), line, row.children[timeColumn]?.position?.start.column ?? 1);
  }
}

/** A line that only sets the day and/or zone for the entries after it. Returns true when it was one. */
function readHeader(text: string, line: number, state: State, ctx: ExtractContext): boolean {
  const trimmed = text.trim();
  if (!trimmed) return true;
  const withoutNote = trimmed.replace(/\s*\([^)]*\)\s*:?$/, '');
  const day = parseWholeDate(withoutNote, ctx.config.dateOrder);
  const note = /^(?:all\s+)?(?:times?|timestamps?)\b.{0,60}$/i.test(trimmed.replace(/[.*_]/g, ''));
  if (!day && !note) return false;
  if (day) state.day = day.date;
  const declared = day ? trimmed.slice(withoutNote.length) : trimmed;
  const zone = findZone(declared || trimmed, ctx.config.zones);
  if (zone) state.zone = zone;
  else if (/\btimes?\b/i.test(declared)) {
    // "(all times Martian Standard Time)": the author declared a zone pmkb cannot read.
    const written = declared.replace(/[()*_.]/g, '').replace(/^\s*(?:all\s+)?times?\s+(?:are\s+)?(?:in\s+)?/i, '').trim();
    if (written && !state.zoneReported) state.zoneReported = true;
    if (written) ctx.reporter.report('timeline-zone-unknown', { line, column: 1 }, { zone: written, fallback: state.zone?.name ?? ctx.config.defaultZone });
  }
  return true;
}

function startsWithTime(text: string): boolean {
  return new RegExp(String.raw`^(?:~|≈)?\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T,]+)?${TIME}`).test(text.trim());
}

function stripEmphasis(text: string): string {
  return text.replace(/^\s*(\*\*|__)(.+?)\1/, '$2').replace(/^\s*(\*|_)(.+?)\1(?=\s|$)/, '$2');
}

function parseEntry(raw: string, line: number, column: number, state: State, ctx: ExtractContext): TimelineEntry | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  const m = ENTRY.exec(stripEmphasis(trimmed));
  const g = m?.groups ?? {};
  let day = state.day;
  if (g.date) {
    const found = findDate(g.date, ctx.config.dateOrder);
    if (found) day = found.date;
  }
  const time = g.time ?? null;
  let rest = g.text ?? '';
  let inlineZone: Zone | null = null;
  const zoneWord = time ? ZONE_WORD.exec(rest) : null;
  // Only capitals count as an inline zone word, so "10:00 et al." is not Eastern Time.
  if (zoneWord && zoneWord[1] === zoneWord[1]!.toUpperCase()) {
    inlineZone = resolveZone(zoneWord[1]!, ctx.config.zones);
    if (inlineZone) rest = rest.slice(zoneWord[0].length);
  }
  const zone = inlineZone ?? state.zone;
  const text = (time || g.date ? rest.replace(SEPARATOR, '') : trimmed).trim();
  if (!g.time && !g.date && LOOKS_LIKE_TIME.test(trimmed)) {
    ctx.reporter.report('timeline-time-unparseable', { line, column }, { value: trimmed.split(/\s+(?:—|\|)\s+|\s{2,}/)[0]!.slice(0, 40) });
  }
  const zoneName = zone?.luxon ?? ctx.config.defaultZone;
  const start = time && day ? instant(day, time, zoneName) : null;
  let end: DateTime | null = g.end && day ? instant(day, g.end, zoneName) : null;
  if (start && end && end < start) end = end.plus({ days: 1 });
  const entry: TimelineEntry = {
    at: start ? utc(start) : null,
    text,
    approximate: Boolean(g.approx),
    raw: trimmed,
    line,
    day,
    time: time ? `${g.approx ? '~' : ''}${time}${g.end ? `~${g.end}` : ''}` : null,
    zone: time ? (zone?.name ?? null) : null,
  };
  if (start) entry.local = local(start);
  if (end) entry.end = utc(end);
  return entry;
}

function instant(day: string, time: string, zone: string): DateTime | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(time.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  if (m[4]) hour = (hour % 12) + (m[4].toLowerCase() === 'p' ? 12 : 0);
  const [year, month, date] = day.split('-').map(Number);
  const dt = DateTime.fromObject({ year, month, day: date, hour, minute: Number(m[2]), second: Number(m[3] ?? 0) }, { zone });
  return dt.isValid ? dt : null;
}

const utc = (dt: DateTime) => dt.toUTC().toISO({ suppressMilliseconds: true })!;
const local = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true })!;
