import type { Incident, TimelineEntry } from '../../model/incident.generated.js';
import type { Timing } from '../timing.js';
import { formatDuration, utc } from './text.js';

export type TimelineItem =
  | { kind: 'day'; day: string; weekday: string }
  | { kind: 'gap'; text: string }
  | {
      kind: 'entry';
      entry: TimelineEntry;
      /** Spacing class g0…g5: the longer the wait since the previous entry, the more room above. */
      gap: string;
      /** The zone, shown on the first entry and whenever it changes. */
      zone: string | null;
      /** The instant in UTC when the document's zone is not UTC, else null (the original already is). */
      utc: string | null;
      /** Time since the first instant, "T+1 h 05 min". */
      elapsed: string | null;
      marks: Array<'detected' | 'resolved'>;
    };

const MINUTE = 60_000;
/** Upper bounds of the spacing buckets g1…g4; anything longer is g5. */
const BUCKETS = [2 * MINUTE, 15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE];
/** Waits at least this long also get a "… later" marker, because spacing alone stops growing. */
const LABELLED_GAP = 60 * MINUTE;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function gapClass(ms: number | null): string {
  if (ms === null || ms <= 0) return 'g0';
  const bucket = BUCKETS.findIndex((limit) => ms < limit);
  return `g${bucket === -1 ? 5 : bucket + 1}`;
}

function utcText(entry: TimelineEntry): string | null {
  if (!entry.at || !entry.local || entry.local === entry.at) return null;
  const start = utc(entry.at);
  const shown = start.slice(0, 10) === entry.day ? start.slice(11) : start;
  return entry.end ? `${shown}–${utc(entry.end).slice(11)} UTC` : `${shown} UTC`;
}

/**
 * The timeline as the page shows it: entries in the order written, a heading at each new day, room
 * above each entry growing with the time elapsed since the previous one, and the entries the timing
 * rules picked as detection and resolution marked, so readers can check the card's numbers.
 */
export function timelineItems(incident: Incident, timing: Timing): TimelineItem[] {
  const items: TimelineItem[] = [];
  const startMs = timing.start ? Date.parse(timing.start) : null;
  let day: string | null = null;
  let zone: string | null = null;
  let previousAt: number | null = null;
  incident.timeline.forEach((entry, index) => {
    if (entry.day && entry.day !== day) {
      day = entry.day;
      items.push({ kind: 'day', day, weekday: WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? '' });
    }
    const at = entry.at ? Date.parse(entry.at) : null;
    const wait = at !== null && previousAt !== null ? at - previousAt : null;
    if (wait !== null && wait >= LABELLED_GAP) items.push({ kind: 'gap', text: `${formatDuration(wait)} later` });
    const marks: Array<'detected' | 'resolved'> = [];
    if (timing.detected?.index === index) marks.push('detected');
    if (timing.resolved?.index === index) marks.push('resolved');
    items.push({
      kind: 'entry',
      entry,
      gap: gapClass(wait),
      zone: entry.zone && entry.zone !== zone ? entry.zone : null,
      utc: utcText(entry),
      elapsed: at !== null && startMs !== null ? `T+${at === startMs ? '0' : formatDuration(at - startMs)}` : null,
      marks,
    });
    if (entry.zone) zone = entry.zone;
    if (at !== null) previousAt = at;
  });
  return items;
}
