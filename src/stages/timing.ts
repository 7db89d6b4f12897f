import type { Incident, TimelineEntry } from '../model/incident.generated.js';

/** A timeline entry that marks a moment the timing rules use, and where it sits in the timeline. */
export interface Moment {
  at: string;
  /** Index into `incident.timeline`. */
  index: number;
}

/**
 * How long an incident took, read only from its timeline's instants (never estimated). Every number
 * is null when the timeline does not support it:
 * - `start`: the earliest instant; `end`: the latest instant or range end.
 * - `duration`: start → end, when they differ.
 * - `detected`: the first entry (in time order) that mentions an alert, a page, someone who "reports"
 *   or who notices, observes, detects or acks; `timeToDetect` is start → detected, null when the
 *   timeline begins with the detection (it then says nothing about how long the problem went unseen).
 * - `resolved`: the last entry after start (and not before detection) that says something is
 *   resolved, fixed, recovered, restored, back online or to normal, "all/now/are healthy" or
 *   operational, unless negated ("not resolved"); `timeToResolve` is start → resolved.
 * All differences are in milliseconds.
 */
export interface Timing {
  start: string | null;
  end: string | null;
  duration: number | null;
  detected: Moment | null;
  timeToDetect: number | null;
  resolved: Moment | null;
  timeToResolve: number | null;
}

const NOT = String.raw`(?<!\bnot\s)(?<!\bnever\s)(?<!\bno longer\s)`;
export const DETECTION = new RegExp(
  `${NOT}` + String.raw`\b(?:alert(?:s|ed|ing)?|paged?|pages|paging|detect(?:s|ed|ion)?|notic(?:e|es|ed|ing)|observ(?:e|es|ed|ing)|reports|ack(?:s|ed)?)\b`,
  'i',
);
export const RESOLUTION = new RegExp(
  `${NOT}\\b(?:resolved|fixed|recovered|restored|back (?:online|to normal)|(?:is|are|all|now|again) healthy|healthy again|operational)\\b`,
  'i',
);

export function timingOf(incident: Incident): Timing {
  const timed = incident.timeline
    .map((entry, index) => ({ entry, index, at: entry.at }))
    .filter((e): e is { entry: TimelineEntry; index: number; at: string } => Boolean(e.at))
    // Stable sort by instant: entries written out of order still measure from the true first one.
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.index - b.index);
  const none: Timing = { start: null, end: null, duration: null, detected: null, timeToDetect: null, resolved: null, timeToResolve: null };
  const first = timed[0];
  if (!first) return none;
  const startMs = Date.parse(first.at);
  const ends = timed.flatMap((e) => [e.at, e.entry.end ?? e.at]);
  const end = ends.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest), first.at);
  const since = (at: string) => Date.parse(at) - startMs;

  const detectedEntry = timed.find((e) => DETECTION.test(e.entry.text));
  const detected = detectedEntry ? { at: detectedEntry.at, index: detectedEntry.index } : null;
  const floor = detected ? Date.parse(detected.at) : startMs;
  const resolvedEntry = timed.filter((e) => Date.parse(e.at) > startMs && Date.parse(e.at) >= floor && RESOLUTION.test(e.entry.text)).at(-1);
  const resolved = resolvedEntry ? { at: resolvedEntry.at, index: resolvedEntry.index } : null;

  return {
    start: first.at,
    end,
    duration: since(end) > 0 ? since(end) : null,
    detected,
    timeToDetect: detected && since(detected.at) > 0 ? since(detected.at) : null,
    resolved,
    timeToResolve: resolved ? since(resolved.at) : null,
  };
}
