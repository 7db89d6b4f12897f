import type { Facet, FacetValue, Incident, Listed, NarrativeReader, Site } from '../model/site.js';
import { listIncidents } from './brief.js';
import { slugify } from './extract/normalize.js';

interface FacetDefinition {
  path: string;
  title: string;
  noun: string;
  values: (incident: Listed) => string[];
  order: (a: FacetValue, b: FacetValue) => number;
}

const STATUS_ORDER = ['investigating', 'mitigated', 'draft', 'resolved', 'closed', 'unknown'];
const byCount = (a: FacetValue, b: FacetValue) => b.incidents.length - a.incidents.length || a.label.localeCompare(b.label, 'en');

export const FACETS: FacetDefinition[] = [
  { path: 'networks', title: 'Networks', noun: 'Network', values: (i) => [i.network ?? 'unspecified'], order: byCount },
  { path: 'triggers', title: 'Triggers', noun: 'Trigger', values: (i) => [i.trigger.category], order: byCount },
  {
    path: 'status',
    title: 'Status',
    noun: 'Status',
    values: (i) => [i.status],
    order: (a, b) => STATUS_ORDER.indexOf(a.slug) - STATUS_ORDER.indexOf(b.slug),
  },
  { path: 'years', title: 'Years', noun: 'Year', values: (i) => [i.date?.slice(0, 4) ?? 'undated'], order: (a, b) => collator.compare(b.label, a.label) },
  { path: 'authors', title: 'Authors', noun: 'Author', values: (i) => i.authors, order: byCount },
  { path: 'tags', title: 'Tags', noun: 'Tag', values: (i) => i.tags, order: byCount },
];

// What localeCompare uses, made once: sorting thousands of incidents with localeCompare builds it per call.
// A fixed locale: sort order must not depend on the machine's LANG, or CI and laptops build different sites.
const collator = new Intl.Collator('en');

/** Newest first; undated last; ties by title then id so the order never depends on input order. */
export function compareIncidents(a: Listed, b: Listed): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Groups incidents by every facet. Values that differ only in case or punctuation share a page.
 * Given whole incidents, the site holds their narratives in memory; a build gives what it holds of
 * them and where their narratives are.
 */
export function buildSite(incidents: readonly Incident[]): Site;
export function buildSite(incidents: readonly Listed[], narratives: NarrativeReader): Site;
export function buildSite(given: readonly Incident[] | readonly Listed[], reader?: NarrativeReader): Site {
  const { incidents, narratives } = reader ? { incidents: given as readonly Listed[], narratives: reader } : listIncidents(given as readonly Incident[]);
  const sorted = [...incidents].sort(compareIncidents);
  const facets: Facet[] = FACETS.map((definition) => {
    const values = new Map<string, FacetValue>();
    for (const incident of sorted) {
      for (const label of new Set(definition.values(incident))) {
        const slug = labelSlug(label);
        const value = values.get(slug) ?? { slug, label, incidents: [] };
        // Two labels of one incident can share a slug; incidents come in order, so a repeat is the last one.
        if (value.incidents.at(-1) !== incident) value.incidents.push(incident);
        values.set(slug, value);
      }
    }
    return { path: definition.path, title: definition.title, noun: definition.noun, values: [...values.values()].sort(definition.order) };
  });
  return { incidents: sorted, facets, narratives };
}

/** The page of a facet value, relative to the site root. */
export function facetHref(facet: string, label: string): string {
  return `${facet}/${labelSlug(label)}/`;
}

const slugs = new Map<string, string>();

/**
 * The slug of a facet value's label. Remembered: a list of ten thousand incidents asks for the slugs
 * of the same few networks, statuses and triggers tens of thousands of times.
 */
export function labelSlug(label: string): string {
  let slug = slugs.get(label);
  if (slug === undefined) {
    // Bounded, for a dev session that runs for days over labels that come and go.
    if (slugs.size > 100_000) slugs.clear();
    slugs.set(label, (slug = slugify(label)));
  }
  return slug;
}
