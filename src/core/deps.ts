import type { FacetValue, Listed, Site } from '../model/site.js';
import type { Related, RelatedLists } from '../stages/related.js';
import { hash } from './hash.js';

/**
 * Fields that only an incident's own page (and pages that declare `corpus`) show; lists never do. The
 * brief is made from the narrative (and the title), so it changes only with them.
 */
const NARRATIVE = new Set<string>(['lessons', 'actionItems', 'references', 'brief']);

/** The fields of an incident that pages other than its own may show, as text to compare or hash. */
export function listedFields(incident: Listed): string {
  return JSON.stringify(Object.entries(incident).filter(([key]) => !NARRATIVE.has(key)));
}

/**
 * The value of each dependency key of `PagePlan.deps` (see render.ts) for one site, as a short hash
 * (or text as short):
 * a page whose keys all hash the same as last time, under the same page environment, renders the
 * same bytes. `undefined` for a key this module does not know, which callers treat as changed.
 * Hashes are computed on first use.
 */
export type DependencyHashes = (key: string) => string | undefined;

/**
 * What lists show of an incident, by incident object: listed fields are never changed in place (dev
 * mode updates an incident in place only when they stay the same), and dev mode keeps unchanged
 * incidents as the same objects between rebuilds.
 */
const LISTED_HASHES = new WeakMap<Listed, string>();
/** A related list is never changed once made; dev rebuilds keep the lists of the last follow-up. */
const RELATED_HASHES = new WeakMap<readonly Related[], string>();
/**
 * A facet value is never changed once grouped either: a dev metadata edit regroups copies of the
 * values it touches and keeps the others, whose members need not be hashed again.
 */
const VALUE_HASHES = new WeakMap<FacetValue, string>();

export function dependencyHashes(site: Site, fingerprints: ReadonlyMap<string, string>, related: () => RelatedLists): DependencyHashes {
  const fingerprint = (incident: Listed) => fingerprints.get(incident.id) ?? hash(JSON.stringify(incident));
  const listedHash = (incident: Listed): string => {
    let value = LISTED_HASHES.get(incident);
    if (value === undefined) LISTED_HASHES.set(incident, (value = hash(listedFields(incident))));
    return value;
  };
  const members = (incidents: readonly Listed[]) => hash(...incidents.map(listedHash));
  const facets = new Map(site.facets.map((f) => [f.path, { facet: f, values: new Map(f.values.map((v) => [v.slug, v])) }]));
  const memo = new Map<string, string | undefined>();
  let places: Map<string, number> | undefined;
  /** What an incident page shows of another incident: its link and how it is named. */
  const shown = (incident: Listed | undefined) => (incident ? `${incident.id}\0${incident.title}\0${incident.date ?? ''}` : '');

  const compute = (key: string): string | undefined => {
    if (key === 'assets') return '';
    if (key.startsWith('pages:')) return key;
    if (key === 'incidents') return members(site.incidents);
    if (key === 'corpus') return hash(...site.incidents.map(fingerprint));
    if (key.startsWith('incident:')) return fingerprints.get(key.slice('incident:'.length)) ?? 'absent';
    if (key.startsWith('neighbours:')) {
      places ??= new Map(site.incidents.map((incident, index) => [incident.id, index]));
      const place = places.get(key.slice('neighbours:'.length));
      // Short enough to be its own value: page hashes hash it, and ten thousand hashes fewer a rebuild.
      return place === undefined ? 'absent' : `${shown(site.incidents[place - 1])}\0${shown(site.incidents[place + 1])}`;
    }
    if (key.startsWith('related:')) {
      const list = related().get(key.slice('related:'.length));
      if (!list) return hash();
      let value = RELATED_HASHES.get(list);
      // Scores are not shown: a score that moves without reordering the list changes no byte.
      if (value === undefined) RELATED_HASHES.set(list, (value = hash(...list.map((r) => `${shown(r.incident)}\0${r.reasons.join('\0')}`))));
      return value;
    }
    if (!key.startsWith('facet:')) return undefined;
    const [facetPath = '', slug] = key.slice('facet:'.length).split('/');
    const found = facets.get(facetPath);
    if (!found) return 'absent';
    if (slug === undefined) return hash(...found.facet.values.map((v) => `${v.incidents.length}\0${resolve(`facet:${facetPath}/${v.slug}`)}`));
    const value = found.values.get(slug);
    if (!value) return 'absent';
    let valueHash = VALUE_HASHES.get(value);
    if (valueHash === undefined) VALUE_HASHES.set(value, (valueHash = hash(value.slug, value.label, members(value.incidents))));
    return valueHash;
  };
  const resolve = (key: string): string | undefined => {
    // Only keys that many pages share are remembered: an incident's own keys serve one or two
    // pages, and remembering forty thousand of them cost more than computing them.
    if (!key.startsWith('facet:') && key !== 'incidents' && key !== 'corpus') return compute(key);
    let value = memo.get(key);
    if (value === undefined && !memo.has(key)) memo.set(key, (value = compute(key)));
    return value;
  };
  return resolve;
}

/**
 * What a page's bytes depend on, as one hash: the environment, the keys it declares and their
 * values. Undefined when a key is unknown: such a page is rendered every time.
 */
export function pageHash(environment: string, deps: readonly string[], values: DependencyHashes): string | undefined {
  const parts = [environment];
  for (const key of deps) {
    const value = values(key);
    if (value === undefined) return undefined;
    parts.push(key, value);
  }
  const inputs = parts.join('\0');
  let value = PAGE_HASHES.get(inputs);
  if (value === undefined) {
    // Bounded: a dev session that runs for days would otherwise keep every page's every version.
    if (PAGE_HASHES.size > 250_000) PAGE_HASHES.clear();
    PAGE_HASHES.set(inputs, (value = hash(...parts)));
  }
  return value;
}

/** Page hashes by their inputs: between dev rebuilds most pages' inputs are the same text. */
const PAGE_HASHES = new Map<string, string>();
