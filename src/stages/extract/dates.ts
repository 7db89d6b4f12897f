import { DateTime } from 'luxon';

export type DateOrder = 'mdy' | 'dmy';

export interface FoundDate {
  /** YYYY-MM-DD */
  date: string;
  /** Where in the text the date was written. */
  index: number;
  length: number;
  /** Set when both day/month and month/day readings were valid. */
  ambiguous?: { chosen: string };
  /** Set when the year was not written ("Nov 26") and the caller's year was used. */
  yearless?: true;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;

type Parts = [number, number, number] | 'numeric';

// Each pattern turns its match into year, month, day; tried in this order at every position.
const PATTERNS: Array<{ re: RegExp; ymd: (m: RegExpExecArray) => Parts }> = [
  { re: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/])/y, ymd: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  { re: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/y, ymd: () => 'numeric' },
  { re: new RegExp(String.raw`\b(\d{4})[-/ ]${MONTH}[-/ ](\d{1,2})\b`, 'iy'), ymd: (m) => [+m[1]!, monthNumber(m[2]!), +m[3]!] },
  { re: new RegExp(String.raw`\b${MONTH}\s+${DAY},?\s+(\d{4})\b`, 'iy'), ymd: (m) => [+m[3]!, monthNumber(m[1]!), +m[2]!] },
  { re: new RegExp(String.raw`\b${DAY}(?:\s+of)?\s+${MONTH},?\s+(\d{4})\b`, 'iy'), ymd: (m) => [+m[3]!, monthNumber(m[2]!), +m[1]!] },
];

// Without a year ("Nov 26", "Feb 7 1506 UTC"): only where the caller knows which year is meant.
const YEARLESS: Array<{ re: RegExp; md: (m: RegExpExecArray) => [number, number] }> = [
  { re: new RegExp(String.raw`\b${MONTH}\s+${DAY}\b(?!:)`, 'iy'), md: (m) => [monthNumber(m[1]!), +m[2]!] },
  { re: new RegExp(String.raw`\b${DAY}\s+${MONTH}(?![\w])`, 'iy'), md: (m) => [monthNumber(m[2]!), +m[1]!] },
];

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function iso(year: number, month: number, day: number): string | null {
  // A postmortem is about something that happened to a computer: "Feb 7 1506 UTC" is a time, not 1506.
  if (year < 1970 || year > 2199) return null;
  const dt = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return dt.isValid ? dt.toISODate() : null;
}

/**
 * Finds the first date written in `text` in any of the forms real postmortems use: 2020/04/18,
 * 2019-10-27, 26/11/2019, 11/24/2019, 2025-Feb-07, Mar 20, 2025, 30th January 2023, Tuesday 22nd
 * June 2021. A numeric date is read month-first or day-first by whichever is valid; when both are,
 * by `order`.
 */
export function findDate(text: string, order: DateOrder = 'mdy'): FoundDate | null {
  for (let index = 0; index < text.length; index++) {
    if (index > 0 && /\w/.test(text[index - 1]!) && /\w/.test(text[index]!)) continue;
    const found = dateAt(text, index, order);
    if (found) return found;
  }
  return null;
}

/** A date starting exactly at `index`; with `year`, also a day and month without one ("Nov 26"). */
export function dateAt(text: string, index: number, order: DateOrder = 'mdy', year?: number): FoundDate | null {
  for (const { re, ymd } of PATTERNS) {
    re.lastIndex = index;
    const m = re.exec(text);
    if (!m) continue;
    const found = resolve(m, ymd(m), order);
    if (found) return { ...found, index, length: m[0].length };
  }
  if (year === undefined) return null;
  for (const { re, md } of YEARLESS) {
    re.lastIndex = index;
    const m = re.exec(text);
    const date = m ? iso(year, ...md(m)) : null;
    if (m && date) return { date, index, length: m[0].length, yearless: true };
  }
  return null;
}

function resolve(m: RegExpExecArray, parts: Parts, order: DateOrder): Omit<FoundDate, 'index' | 'length'> | null {
  if (parts !== 'numeric') {
    const date = iso(...parts);
    return date ? { date } : null;
  }
  const [a, b, year] = [+m[1]!, +m[2]!, +m[3]!];
  const monthFirst = iso(year, a, b);
  const dayFirst = iso(year, b, a);
  if (monthFirst && dayFirst && monthFirst !== dayFirst) {
    const date = order === 'mdy' ? monthFirst : dayFirst;
    return { date, ambiguous: { chosen: order === 'mdy' ? `month/day (${date})` : `day/month (${date})` } };
  }
  const date = monthFirst ?? dayFirst;
  return date ? { date } : null;
}

/** A date that is the whole of `text`, give or take punctuation and a weekday name. */
export function parseWholeDate(text: string, order: DateOrder = 'mdy'): FoundDate | null {
  const trimmed = text.trim().replace(/[.:,]$/, '');
  const found = findDate(trimmed, order);
  if (!found) return null;
  const rest = (trimmed.slice(0, found.index) + trimmed.slice(found.index + found.length)).replace(
    /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|[\s,.*_]/gi,
    '',
  );
  return rest === '' ? found : null;
}

/** An ISO date-time with an offset, as front matter such as `start_time:` writes it. */
export function parseIsoInstant(text: string): DateTime | null {
  const dt = DateTime.fromISO(text.trim(), { setZone: true });
  return dt.isValid && /T|\s\d/.test(text) ? dt : null;
}

/**
 * A day written without its year, read after `previous`: "Jan 1" after "Dec 31, 2024" is in 2025.
 * Timelines run forward, so a day more than half a year before the one above it is next year's.
 */
export function rollForward(day: string, previous: string | null): string {
  if (!previous) return day;
  const date = DateTime.fromISO(day, { zone: 'UTC' });
  return date < DateTime.fromISO(previous, { zone: 'UTC' }).minus({ days: 183 }) ? date.plus({ years: 1 }).toISODate()! : day;
}
