import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { diagnostic, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import type { Incident } from '../model/incident.generated.js';
import { loadSchema } from '../model/schemas.js';
import type { Extracted } from './extract/incident.js';
import { slugify } from './extract/normalize.js';

let validateSchema: ReturnType<Ajv2020['compile']> | undefined;

function schemaValidator() {
  validateSchema ??= new Ajv2020({ allErrors: true, strict: true }).compile(loadSchema('incident'));
  return validateSchema;
}

/** Checks one incident against schemas/incident.schema.json; errors point at the field as written. */
export function schemaErrors(extracted: Extracted): Diagnostic[] {
  const validate = schemaValidator();
  if (validate(extracted.incident)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => {
    const key = error.instancePath.split('/')[1] ?? '';
    const place = extracted.places[key] ?? { line: extracted.incident.source.line, column: 1 };
    return diagnostic('schema-invalid', extracted.incident.source.path, place, {
      path: error.instancePath || '/',
      reason: error.message ?? 'is invalid',
    });
  });
}

/** Checks that need more than the schema: dates that disagree with the timeline, order of entries. */
export function semanticWarnings(extracted: Extracted): Diagnostic[] {
  const { incident, places } = extracted;
  const out: Diagnostic[] = [];
  const at = (place: Place | undefined) => place ?? { line: incident.source.line, column: 1 };
  const days = [...new Set(incident.timeline.map((e) => e.day).filter((d): d is string => Boolean(d)))].sort();
  if (extracted.dateStated && incident.date && days.length > 0 && (incident.date < days[0]! || incident.date > days[days.length - 1]!)) {
    const span = days.length === 1 ? days[0]! : `${days[0]} to ${days[days.length - 1]}`;
    out.push(diagnostic('date-timeline-mismatch', incident.source.path, at(places.date), { date: incident.date, days: span }));
  }
  let previous: Incident['timeline'][number] | undefined;
  for (const entry of incident.timeline) {
    if (!entry.at) continue;
    if (previous?.at && entry.at < previous.at) {
      out.push(diagnostic('timeline-out-of-order', incident.source.path, { line: entry.line, column: 1 }, { at: entry.time ?? entry.at, previous: previous.time ?? previous.at }));
    }
    previous = entry;
  }
  return out;
}

/**
 * Makes ids unique across the site. An id the author wrote that is not URL-safe, or that another
 * incident already has, is an error and that incident is left out. Written ids are placed first, then
 * ids pmkb derived from titles get a numeric suffix where needed, in source order, so they are stable
 * between builds.
 */
export function assignIds(all: readonly Extracted[]): { kept: Extracted[]; diagnostics: Diagnostic[] } {
  const taken = new Map<string, Incident>();
  const rejected = new Set<Extracted>();
  const diagnostics: Diagnostic[] = [];
  for (const extracted of all.filter((e) => e.places.id !== undefined)) {
    const { incident, places } = extracted;
    const other = taken.get(incident.id);
    if (slugify(incident.id) !== incident.id) {
      diagnostics.push(diagnostic('id-invalid', incident.source.path, places.id, { id: incident.id, suggestion: slugify(incident.id) }));
      rejected.add(extracted);
    } else if (other) {
      diagnostics.push(diagnostic('id-duplicate', incident.source.path, places.id, { id: incident.id, other: `${other.source.path}:${other.source.line}` }));
      rejected.add(extracted);
    } else {
      taken.set(incident.id, incident);
    }
  }
  for (const { incident, places } of all) {
    if (places.id !== undefined) continue;
    const base = incident.id;
    for (let n = 2; taken.has(incident.id); n++) incident.id = `${base}-${n}`;
    taken.set(incident.id, incident);
  }
  return { kept: all.filter((e) => !rejected.has(e)), diagnostics };
}
