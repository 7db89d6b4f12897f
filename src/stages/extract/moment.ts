import { DateTime } from 'luxon';
import type { Config } from '../../config/config.js';
import { dateAt } from './dates.js';
import { resolveZone, type Zone } from './zones.js';

/** The "when" at the start of a timeline entry, and the text after it. */
export interface Moment {
  approximate: boolean;
  /** A day written in the entry itself (YYYY-MM-DD). */
  day: string | null;
  /** The day was written without a year ("Feb 7"); the caller's year was assumed. */
  yearless: boolean;
  /** The time as written: "03:07", "9:40 AM", "1506". */
  time: string | null;
  /** The end of a range such as 23:35:26~23:36:50, as written. */
  end: string | null;
  /** A zone written right after the time ("10:00 UTC"). */
  zone: Zone | null;
  /** A placeholder left where the time should be ("HH:mm", "--:--"). */
  placeholder: string | null;
  /** The entry's text after the moment and its separator. */
  rest: string;
}

const TIME = /^(\d{1,2}:\d{2}(?::\d{2})?)(\s*[ap]\.?m\.?(?![a-z]))?/i;
const MILITARY = /^(\d{2})(\d{2})(?=\s*(?:UTC|GMT|Z)\b)/;
const RANGE = /^\s*(?:~|–|—|-|to)\s*~?(?=\d)/;
const APPROX = /^(?:~|≈|approx\.?\s+|around\s+|circa\s+)/i;
const PLACEHOLDER = /^(?:hh:mm(?::ss)?|[-–—]{1,2}:[-–—]{1,2}|\?\?:\?\?|xx:xx)(?![\w])/i;
const ZONE_WORD = /^\s*\(?((?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-Za-z]{2,5})\)?(?=[\s:,|–—-]|$)/;
const SEPARATOR = /^\s*(?:[-–—:|]\s+|[-–—:|]$|:)?\s*/;

/**
 * Reads the moment an entry starts with: optional "~", optional date (any form findDate knows, or a
 * day and month when the year is known), a time (02:00:00, 9:40, 9:40 AM, or 1506 before a zone), an
 * optional range end and an optional zone word.
 */
export function readMoment(text: string, config: Config, year?: number): Moment {
  const moment: Moment = { approximate: false, day: null, yearless: false, time: null, end: null, zone: null, placeholder: null, rest: text };
  let s = text;
  const approx = APPROX.exec(s);
  if (approx) {
    moment.approximate = true;
    s = s.slice(approx[0].length);
  }
  const date = dateAt(s, 0, config.dateOrder, year);
  if (date) {
    moment.day = date.date;
    moment.yearless = date.yearless === true;
    s = s.slice(date.length).replace(/^(?:\s*,\s*|\s+at\s+|\s+|T(?=\d))/, '');
  }
  const time = readTime(s);
  if (time) {
    moment.time = time.written;
    s = s.slice(time.length);
    const range = RANGE.exec(s);
    const end = range ? readTime(s.slice(range[0].length)) : null;
    if (range && end) {
      moment.end = end.written;
      s = s.slice(range[0].length + end.length);
      // "1:42-1:59 PM": the meridiem written once applies to both ends.
      if (end.meridiem && !time.meridiem) moment.time = `${time.written} ${end.meridiem}`;
    }
    const zoneWord = ZONE_WORD.exec(s);
    // Only capitals count as an inline zone word, so "10:00 et al." is not Eastern Time.
    const zone = zoneWord && zoneWord[1] === zoneWord[1]!.toUpperCase() ? resolveZone(zoneWord[1]!, config.zones) : null;
    if (zone) {
      moment.zone = zone;
      s = s.slice(zoneWord![0].length);
    }
  } else {
    const placeholder = PLACEHOLDER.exec(s);
    if (placeholder) {
      moment.placeholder = placeholder[0];
      s = s.slice(placeholder[0].length);
    }
  }
  if (moment.day || moment.time || moment.placeholder) moment.rest = s.replace(SEPARATOR, '').trim();
  else moment.approximate = false;
  return moment;
}

function readTime(s: string): { written: string; length: number; meridiem?: string } | null {
  const m = TIME.exec(s);
  if (m) return { written: m[0].trim(), length: m[0].length, ...(m[2] ? { meridiem: m[2].trim() } : {}) };
  const military = MILITARY.exec(s);
  return military ? { written: military[0], length: military[0].length } : null;
}

/**
 * The time of day as written, on a 24-hour clock, or null for a time no clock shows (25:61,
 * 13:00 PM). 24:00 is the midnight that ends the day, as in "18:00-24:00".
 */
export function clockTime(time: string): { hour: number; minute: number; second: number } | null {
  const m = /^(\d{1,2}):?(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(time.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const [minute, second] = [Number(m[2]), Number(m[3] ?? 0)];
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && (minute > 0 || second > 0))) return null;
  if (m[4]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4].toLowerCase() === 'p' ? 12 : 0);
  }
  return { hour, minute, second };
}

/** The instant a day and a time as written (see clockTime) mean in a zone, or null. */
export function instant(day: string, time: string, zone: string): DateTime | null {
  const clock = clockTime(time);
  if (!clock) return null;
  const { hour, minute, second } = clock;
  const [year, month, date] = day.split('-').map(Number);
  const dt = DateTime.fromObject({ year, month, day: date, hour: hour === 24 ? 0 : hour, minute, second }, { zone });
  return dt.isValid ? (hour === 24 ? dt.plus({ days: 1 }) : dt) : null;
}
