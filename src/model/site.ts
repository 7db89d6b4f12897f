import type { Incident } from './incident.generated.js';
import { loadSchema } from './schemas.js';
import type { SectionKey } from './sections.js';
import type { Timing } from '../stages/timing.js';

export type { Incident };

/** The parts of an incident that only its own pages (and incidents.json) show: nearly all of its bytes. */
export type NarrativeKey = 'sections' | 'otherSections' | 'timeline';
export type Narrative = Pick<Incident, NarrativeKey>;

/**
 * What pages across incidents need of an incident's narrative, worked out where the incident was
 * parsed, so the site can be built without holding every narrative in memory.
 */
export interface Brief {
  /** The plain text of its summary (else impact), shortened to SUMMARY_LENGTH; empty when it has neither. */
  summary: string;
  timing: Timing;
  /** The anchor of each known section on the incident's page. */
  anchors: Partial<Record<SectionKey, string>>;
  /** Its terms for related-incident similarity, as "term count term count…". */
  terms: string;
}

/** Longest summary any page shows: shorter ones are cut from it. */
export const SUMMARY_LENGTH = 500;

/**
 * An incident as the site holds it: every field but its narrative, which stays in the parse cache
 * (see core/narratives.ts) until a page of its own needs it, plus the brief of that narrative.
 */
export type Listed = Omit<Incident, NarrativeKey> & { brief: Brief };

/** Where a site's narratives come from: the parse cache, or memory when there is none. */
export interface NarrativeReader {
  get(incident: Listed): Narrative;
}

/** The incident's keys in the schema's order: the order incidents.json has always written them in. */
const INCIDENT_KEYS = Object.keys((loadSchema('incident') as { properties: Record<string, unknown> }).properties) as Array<keyof Incident>;

/** The incident as published, from what the site holds of it and its narrative. */
export function wholeIncident(incident: Listed, narrative: Narrative): Incident {
  const whole: Record<string, unknown> = {};
  for (const key of INCIDENT_KEYS) {
    const value = key === 'sections' || key === 'otherSections' || key === 'timeline' ? narrative[key] : incident[key];
    if (value !== undefined) whole[key] = value;
  }
  return whole as unknown as Incident;
}

/** One value of a facet (a network, a trigger category…) and the incidents that have it. */
export interface FacetValue {
  slug: string;
  label: string;
  incidents: Listed[];
}

/** A way to group incidents, published as `<path>/index.html` and `<path>/<slug>/index.html`. */
export interface Facet {
  /** Folder in the site: networks, triggers, status, years, authors, tags. */
  path: string;
  title: string;
  /** What one value is called, e.g. "Network". */
  noun: string;
  values: FacetValue[];
}

export interface Site {
  /** Newest first. */
  incidents: Listed[];
  facets: Facet[];
  narratives: NarrativeReader;
}
