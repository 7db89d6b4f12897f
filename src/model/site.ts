import type { Incident } from './incident.generated.js';

export type { Incident };

/** One value of a facet (a network, a trigger category…) and the incidents that have it. */
export interface FacetValue {
  slug: string;
  label: string;
  incidents: Incident[];
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
  incidents: Incident[];
  facets: Facet[];
}
