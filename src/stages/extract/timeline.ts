import type { List, Table, TableCell } from 'mdast';
import type { DateTime } from 'luxon';
import type { TimelineEntry } from '../../model/incident.generated.js';
import { plainText, sourceOf } from '../markdown.js';
import type { ExtractContext } from './context.js';
import { findDate, parseWholeDate, rollForward } from './dates.js';
import { clockTime, instant, readMoment } from './moment.js';
import { findZone, type Zone } from './zones.js';
import type { SectionPart } from './sections.js';

interface State {
  day: string | null;
  /** Year for dates written without one ("Nov 26"): the incident's, else the last day seen. */
  year: number | undefined;
  zone: Zone | null;
  /** "AM"/"PM" from a heading such as "1:42-1:59 PM", for the 12-hour times listed under it. */
  meridiem: string | null;
  /** A zone problem was already reported for this timeline: one warning is enough. */
  zoneReported: boolean;
}

/** Typos and half-filled dates that authors leave in tables: 20202-01-16, 2022-05-??, YYYY-MM-DD. */
const BROKEN_DATE = /^(?:\d{5,}-\d{1,2}-\d{1,2}|\d{4}-[\d?x]{1,2}-[\d?x]{1,2}|\d{4}\/\d{2}-[\d?x]{2}-[\d?x]{2}|y{2,4}-mm-dd|\d{2}xx-mm-dd|\d{1,2}:\d{1,2}:?\s*$)/i;

/**
 * Reads a timeline section: bullet lists under day headers (paragraphs or headings that hold a date
 * and maybe a zone), headings and paragraph lines that start with a time, notes such as "All times
 * in UTC", and tables whose time-like column holds the moment. A day or zone declared once applies to
 * everything after it in the section.
 */
export function extractTimeline(parts: readonly SectionPart[], statedDate: string | null, base: ExtractContext): TimelineEntry[] {
  const state: State = { day: statedDate, year: yearOf(statedDate), zone: null, meridiem: null, zoneReported: false };
  const entries: TimelineEntry[] = [];
  const add = (raw: string, line: number, column: number) => {
    const entry = parseEntry(raw, line, column, state, base);
    if (!entry) return;
    if (entry.time && !entry.zone && !state.zoneReported) {
      state.zoneReported = true;
      base.reporter.report('timeline-zone-missing', { line, column }, { zone: base.config.defaultZone });
    }
    entries.push(entry);
  };

  for (const part of parts)
  for (const node of part.nodes) {
    const ctx: ExtractContext = { ...base, source: part.source };
    const line = node.position?.start.line ?? 1;
    if (node.type === 'heading') {
      const text = plainText(node);
      state.meridiem = null;
      if (!readDayHeader(text, line, state, ctx, true) && startsWithMoment(text, state, ctx)) {
        add(text, line, 1);
        state.meridiem = /\b([ap])\.?m\b/i.exec(entries[entries.length - 1]?.time ?? '')?.[1]?.toUpperCase().concat('M') ?? null;
      }
    } else if (node.type === 'paragraph') {
      const source = sourceOf(ctx.source, [node]);
      const lines = source.split('\n');
      const isDayHeader = readDayHeader(stripEmphasis(lines[0]!), line, state, ctx, false);
      if (!isDayHeader && readNote(source.replace(/\s*\n\s*/g, ' '), line, state, ctx)) continue;
      lines.forEach((text, i) => {
        if (i === 0 && isDayHeader) return;
        const clean = stripEmphasis(text);
        if (readDayHeader(clean, line + i, state, ctx, false)) return;
        // Prose between entries is commentary, not an entry; only time-stamped lines count.
        if (startsWithMoment(clean, state, ctx)) add(clean, line + i, 1);
      });
    } else if (node.type === 'list') {
      readList(node, add, ctx);
    } else if (node.type === 'table') {
      readTable(node, state, add, ctx);
    }
  }
  return entries;
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
    const cells = row.children.map((cell) => cellSource(ctx.source, cell));
    const when = cells[timeColumn] ?? '';
    const rest = cells.filter((_, i) => i !== timeColumn && cells[i] !== '').join(' — ');
    if (!when && !rest) continue;
    add(`${when} ${rest}`.trim(), row.position?.start.line ?? 1, row.children[timeColumn]?.position?.start.column ?? 1);
  }
}

/** The markdown in a table cell, as written: a cell spans from its leading pipe to the next one. */
function cellSource(source: string, cell: TableCell): string {
  return sourceOf(source, [cell]).trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').trim();
}

/**
 * A line that sets the day (and maybe the zone) for the entries after it: "2019-11-23 (all times
 * Central Standard Time)", "11/24/2019", "## Nov 26". A heading may go on after its date
 * ("March 5, 2025: Sepolia Testnet Issue Timeline").
 */
function readDayHeader(text: string, line: number, state: State, ctx: ExtractContext, heading: boolean): boolean {
  const trimmed = text.trim();
  if (!trimmed) return !heading;
  const withoutNote = trimmed.replace(/\s*\([^)]*\)\s*:?$/, '');
  let day = parseWholeDate(withoutNote, ctx.config.dateOrder)?.date;
  if (!day) {
    const moment = readMoment(withoutNote, ctx.config, state.year);
    const wholeLine = moment.day && !moment.time && (heading || moment.rest === '');
    if (!wholeLine) return false;
    day = moment.yearless ? rollForward(moment.day!, state.day) : moment.day!;
  }
  state.day = day;
  state.year = yearOf(day);
  const note = trimmed.slice(withoutNote.length);
  if (note) declareZone(note, line, state, ctx);
  return true;
}

/** "All times in UTC.", "Unless otherwise noted all events happened on 2019-10-21, and all times are in UTC." */
function readNote(text: string, line: number, state: State, ctx: ExtractContext): boolean {
  const plain = text.replace(/[*_`]/g, '').trim();
  if (plain.length > 300 || !/\b(?:times?|timestamps?)\b/i.test(plain) || startsWithMoment(plain, state, ctx)) return false;
  const on = /\b(?:on|from)\s+(.{6,30}?)(?:[,.;]|\s+and\b|$)/i.exec(plain);
  const day = on ? findDate(on[1]!, ctx.config.dateOrder) : null;
  if (day) {
    state.day = day.date;
    state.year = yearOf(day.date);
  }
  declareZone(plain, line, state, ctx);
  return true;
}

function declareZone(text: string, line: number, state: State, ctx: ExtractContext): void {
  const zone = findZone(text, ctx.config.zones);
  if (zone) {
    state.zone = zone;
    return;
  }
  // "(all times Martian Standard Time)": the author declared a zone pmkb cannot read.
  const written = /\btimes?\s+(?:are\s+)?(?:in\s+)?([^().,;]+)/i.exec(text.replace(/[()]/g, ' '))?.[1]?.trim();
  if (written && !state.zoneReported) {
    state.zoneReported = true;
    ctx.reporter.report('timeline-zone-unknown', { line, column: 1 }, { zone: written, fallback: state.zone?.name ?? ctx.config.defaultZone });
  }
}

function startsWithMoment(text: string, state: State, ctx: ExtractContext): boolean {
  return readMoment(text.trim(), ctx.config, state.year).time !== null;
}

function stripEmphasis(text: string): string {
  return text.replace(/^\s*(\*\*|__)(.+?)\1/, '$2').replace(/^\s*(\*|_)(.+?)\1(?=\s|$)/, '$2');
}

function parseEntry(raw: string, line: number, column: number, state: State, ctx: ExtractContext): TimelineEntry | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  const moment = readMoment(stripEmphasis(trimmed), ctx.config, state.year);
  if (moment.placeholder || (!moment.time && !moment.day && BROKEN_DATE.test(trimmed))) {
    const value = moment.placeholder ?? trimmed.split(/\s+(?:—|\|)\s+|\s{2,}|\s(?=[A-Za-z]{3})/)[0]!;
    ctx.reporter.report('timeline-time-unparseable', { line, column }, { value: value.slice(0, 40) });
  }
  const day = moment.day ? (moment.yearless ? rollForward(moment.day, state.day) : moment.day) : state.day;
  const zone = moment.zone ?? state.zone;
  const zoneName = zone?.luxon ?? ctx.config.defaultZone;
  const clock = (time: string) => (state.meridiem && !/[ap]\.?m/i.test(time) && Number(time.split(':')[0]) < 12 ? `${time} ${state.meridiem}` : time);
  const start = moment.time && day ? instant(day, clock(moment.time), zoneName) : null;
  let end: DateTime | null = moment.end && day ? instant(day, clock(moment.end), zoneName) : null;
  if (start && end && end < start) end = end.plus({ days: 1 });
  const entry: TimelineEntry = {
    at: start ? utc(start) : null,
    text: moment.time || moment.day || moment.placeholder ? moment.rest : trimmed,
    approximate: moment.approximate,
    raw: trimmed,
    line,
    day,
    time: moment.time ? `${moment.approximate ? '~' : ''}${moment.time}${moment.end ? `~${moment.end}` : ''}` : null,
    zone: moment.time ? (zone?.name ?? null) : null,
  };
  if (moment.time && day && !start) {
    ctx.reporter.report('timeline-time-unparseable', { line, column }, { value: moment.time });
  }
  if (start && moment.time && skippedByClocks(start, clock(moment.time))) {
    // Luxon moves a time the clocks skipped to the first that exists (02:30 → 03:30 when DST starts).
    ctx.reporter.report('timeline-time-nonexistent', { line, column }, { time: moment.time, day: day!, zone: zone?.name ?? zoneName, read: start.toFormat('HH:mm') });
  }
  if (start) entry.local = local(start);
  if (end) entry.end = utc(end);
  return entry;
}

/** Whether `dt` shows another hour or minute than `time` said: the clocks skipped that time that day. */
function skippedByClocks(dt: DateTime, time: string): boolean {
  const written = clockTime(time);
  return written !== null && (written.hour % 24 !== dt.hour || written.minute !== dt.minute);
}

function yearOf(day: string | null): number | undefined {
  return day ? Number(day.slice(0, 4)) : undefined;
}

const utc = (dt: DateTime) => dt.toUTC().toISO({ suppressMilliseconds: true })!;
const local = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true })!;
