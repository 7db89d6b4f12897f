import type { Incident } from '../model/incident.generated.js';
import { SUMMARY_LENGTH, type Brief, type Listed, type Narrative, type NarrativeReader } from '../model/site.js';
import { termsOf } from './related.js';
import { pageSections } from './render/incident.js';
import { htmlText, truncate } from './render/text.js';
import { timingOf } from './timing.js';

/** What pages across incidents need of an incident's narrative (see Brief). */
export function briefOf(incident: Incident): Brief {
  const html = incident.sections.summary?.html ?? incident.sections.impact?.html ?? '';
  const anchors: Brief['anchors'] = {};
  for (const section of pageSections(incident)) if (section.key) anchors[section.key] = section.anchor;
  return { summary: truncate(htmlText(html), SUMMARY_LENGTH), timing: timingOf(incident), anchors, terms: termsOf(incident) };
}

/** Splits an incident into what the site holds of it and its narrative. */
export function splitIncident(incident: Incident): { listed: Listed; narrative: Narrative } {
  const { sections, otherSections, timeline, ...rest } = incident;
  return { listed: { ...rest, brief: briefOf(incident) }, narrative: { sections, otherSections, timeline } };
}

/** Whole incidents as a site holds them, their narratives kept in memory. */
export function listIncidents(incidents: readonly Incident[]): { incidents: Listed[]; narratives: NarrativeReader } {
  const held = new Map<Listed, Narrative>();
  const listed = incidents.map((incident) => {
    const { listed, narrative } = splitIncident(incident);
    held.set(listed, narrative);
    return listed;
  });
  return { incidents: listed, narratives: { get: (incident) => held.get(incident)! } };
}
