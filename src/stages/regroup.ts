import type { Facet, FacetValue, Listed, Site } from '../model/site.js';
import { compareIncidents, FACETS, labelSlug } from './indexes.js';

/** An incident of a site and what replaces it: the same id, other fields. */
export interface Replacement {
  before: Listed;
  after: Listed;
}

/**
 * The site `buildSite` would group from `site`'s incidents with each `before` replaced by its
 * `after`, made by moving those incidents alone (dev mode's metadata edit: milliseconds where
 * grouping ten thousand incidents again takes tens), and the dependency keys (see PagePlan) whose
 * values may differ from `site`'s. `site` is not changed: what did not change is shared.
 */
export function regroupSite(site: Site, replacements: readonly Replacement[]): { site: Site; keys: Set<string> } {
  const incidents = [...site.incidents];
  const keys = new Set<string>(['incidents', 'corpus']);
  // Those just before and after a place show what is there as their neighbour.
  const around = (index: number) => {
    for (const near of incidents.slice(Math.max(0, index - 1), index + 2)) keys.add(`neighbours:${near.id}`);
  };
  for (const { before, after } of replacements) {
    if (before.id !== after.id) throw new Error(`regroupSite replaces an incident by one with the same id, not ${before.id} by ${after.id}.`);
    keys.add(`incident:${after.id}`);
    const from = placeOf(incidents, before);
    around(from);
    incidents.splice(from, 1);
    const to = insertionPoint(incidents, after);
    incidents.splice(to, 0, after);
    around(to);
  }
  const facets = site.facets.map((facet) => regroupFacet(facet, incidents, replacements, keys));
  return { site: { incidents, facets, narratives: site.narratives }, keys };
}

function regroupFacet(facet: Facet, incidents: readonly Listed[], replacements: readonly Replacement[], keys: Set<string>): Facet {
  const definition = FACETS.find((d) => d.path === facet.path);
  if (!definition) throw new Error(`No facet is defined at ${facet.path}.`);
  const slugsOf = (incident: Listed) => [...new Set(definition.values(incident).map(labelSlug))];
  const values = new Map(facet.values.map((value) => [value.slug, value]));
  // Values are copied before they change: the given site keeps its own.
  const touched = new Map<string, FacetValue>();
  // A value's label is settled below, once its first incident is known.
  const edit = (slug: string) => {
    let value = touched.get(slug);
    if (!value) {
      const old = values.get(slug);
      touched.set(slug, (value = { slug, label: '', incidents: old ? [...old.incidents] : [] }));
      values.set(slug, value);
    }
    return value;
  };
  for (const { before, after } of replacements) {
    for (const slug of slugsOf(before)) {
      const members = edit(slug).incidents;
      members.splice(placeOf(members, before), 1);
    }
    for (const slug of slugsOf(after)) {
      const members = edit(slug).incidents;
      members.splice(insertionPoint(members, after), 0, after);
    }
  }
  if (touched.size === 0) return facet;
  for (const [slug, value] of touched) {
    keys.add(`facet:${facet.path}/${slug}`);
    const first = value.incidents[0];
    if (first) value.label = definition.values(first).find((label) => labelSlug(label) === slug)!;
    else values.delete(slug);
  }
  keys.add(`facet:${facet.path}`);
  // buildSite sorts values met in site order, and the sort is stable: ties keep that order, which is
  // the place of each value's first incident, then the place of its label among that incident's.
  const met = (value: FacetValue) => {
    const first = value.incidents[0]!;
    return { at: placeOf(incidents, first), within: slugsOf(first).indexOf(value.slug) };
  };
  const ordered = [...values.values()].map((value) => ({ value, ...met(value) }));
  ordered.sort((a, b) => definition.order(a.value, b.value) || a.at - b.at || a.within - b.within);
  return { ...facet, values: ordered.map((o) => o.value) };
}

/** Where `incident` would go in `sorted` (newest first, see compareIncidents). */
function insertionPoint(sorted: readonly Listed[], incident: Listed): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareIncidents(sorted[middle]!, incident) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The place of `incident` itself in `sorted`. */
function placeOf(sorted: readonly Listed[], incident: Listed): number {
  const index = insertionPoint(sorted, incident);
  if (sorted[index] !== incident) throw new Error(`Incident ${incident.id} is not where its date, title and id place it in the list.`);
  return index;
}
