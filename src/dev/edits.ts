import { hasErrors } from '../core/analyze.js';
import { listedFields } from '../core/deps.js';
import { fingerprintOf } from '../core/model.js';
import type { Analysis } from '../core/sources.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { NarrativeSource, NarrativeStore } from '../core/narratives.js';
import type { Listed, Site } from '../model/site.js';
import type { PagePlan } from '../stages/render.js';
import { regroupSite } from '../stages/regroup.js';

/** A site a dev session publishes: the site, each incident's fingerprint, and where their narratives are. */
export interface DevSite {
  site: Site;
  fingerprints: Map<string, string>;
  narratives: NarrativeStore;
}

/** The site a dev session last published, and how to find its parts again. */
export interface ServedSite extends DevSite {
  plans: readonly PagePlan[];
  /** Each source file's published incidents, by id. */
  bySource: Map<string, Map<string, Listed>>;
}

export function servedSite(published: DevSite, plans: readonly PagePlan[]): ServedSite {
  const bySource = new Map<string, Map<string, Listed>>();
  for (const incident of published.site.incidents) {
    const own = bySource.get(incident.source.path) ?? new Map<string, Listed>();
    own.set(incident.id, incident);
    bySource.set(incident.source.path, own);
  }
  return { ...published, plans, bySource };
}

export interface IncidentEdit {
  served: Listed;
  incident: Listed;
  fingerprint: string;
  narrative: NarrativeSource;
  /** Fields that other pages show changed too (see listedFields): the incident may move in lists. */
  listed: boolean;
}

/**
 * The edits, when every changed file changed only its incidents' content: the same incidents under
 * the same ids, no errors before or after, and no problem of the file's that other files caused.
 * Null when any edit does more (an incident added, removed or renamed), which calls for a full rebuild.
 */
export function incidentEdits(served: ServedSite, analyses: readonly Analysis[], previous: ReadonlyMap<string, Analysis>, current: readonly Diagnostic[]): IncidentEdit[] | null {
  const edits: IncidentEdit[] = [];
  for (const analysis of analyses) {
    const path = analysis.source.path;
    const before = previous.get(path);
    const published = served.bySource.get(path);
    if (!before || !published || analysis.key === null || hasErrors(analysis.file) || hasErrors(before.file)) return null;
    const { incidents, checks } = analysis.file;
    if (incidents.length !== published.size || before.file.incidents.length !== published.size) return null;
    // Problems of this file beyond its own (a duplicate id found in another file) need the whole site.
    const own = before.file.diagnostics.length + before.file.checks.reduce((n, c) => n + c.warnings.length, 0);
    if (current.filter((d) => d.file === path).length !== own) return null;
    for (const [index, extracted] of incidents.entries()) {
      const id = checks[index]!.id;
      const servedIncident = published.get(id);
      // The served incident with this id is the one from this place in the file, published under the id it was given.
      if (!servedIncident || before.file.checks[index]!.id !== id || served.fingerprints.get(id) !== fingerprintOf(before.key, index, id)) return null;
      // Written ids are settled before derived ones: a derived id may take or give up a suffix (outage-2).
      if ((extracted.places.id === undefined) !== (before.file.incidents[index]!.places.id === undefined)) return null;
      const incident = { ...extracted.incident, id };
      const narrative = { key: analysis.key, index, ...(analysis.narratives === undefined ? {} : { text: analysis.narratives }) };
      const listed = listedFields(incident) !== listedFields(servedIncident);
      edits.push({ served: servedIncident, incident, fingerprint: fingerprintOf(analysis.key, index, id), narrative, listed });
    }
  }
  return edits;
}

/**
 * Applies narrative edits (no listed field changed) to the served site: each incident object is
 * updated in place, so every list, facet and related list that holds it stays right. Returns the
 * pages to render again: those of the edited incidents that do not collect across incidents.
 */
export function applyNarrativeEdits(served: ServedSite, edits: readonly IncidentEdit[]): PagePlan[] {
  for (const { served: target, incident, fingerprint, narrative } of edits) {
    for (const key of Object.keys(target)) if (!(key in incident)) delete (target as unknown as Record<string, unknown>)[key];
    Object.assign(target, incident);
    served.fingerprints.set(incident.id, fingerprint);
    served.narratives.set(incident.id, narrative);
  }
  return reachedPlans(served.plans, new Set(edits.map((e) => `incident:${e.incident.id}`)));
}

/**
 * The plans an edit can change: those with a dependency in `keys`, but for the pages across every
 * incident's content, which wait for the follow-up.
 */
export function reachedPlans(plans: readonly PagePlan[], keys: ReadonlySet<string>): PagePlan[] {
  return plans.filter((plan) => !plan.deps.includes('corpus') && plan.deps.some((key) => keys.has(key)));
}

/**
 * The site after edits that changed what lists show (a date, a status, a network…): each edited
 * incident replaced by a new object (what was made from the old one, a table row, stays the old
 * one's) and moved in the site's lists, and the dependency keys (see PagePlan) whose values may have
 * changed. Nothing of `served` is changed until `servedAfter`, so a failure in between leaves it whole.
 */
export function regroupEdits(served: ServedSite, edits: readonly IncidentEdit[]): { target: DevSite; keys: Set<string> } {
  const { site, keys } = regroupSite(served.site, edits.map((e) => ({ before: e.served, after: e.incident })));
  const fingerprints = new Map(served.fingerprints);
  for (const { incident, fingerprint } of edits) fingerprints.set(incident.id, fingerprint);
  return { target: { site, fingerprints, narratives: served.narratives }, keys };
}

/** The served site once the regrouped `target` (see regroupEdits) is published with `plans`. */
export function servedAfter(served: ServedSite, edits: readonly IncidentEdit[], target: DevSite, plans: readonly PagePlan[]): ServedSite {
  for (const { served: before, incident, narrative } of edits) {
    target.narratives.set(incident.id, narrative);
    served.bySource.get(before.source.path)!.set(incident.id, incident);
  }
  return { ...target, plans, bySource: served.bySource };
}

/** A session's diagnostics once `analyses` replaced their files' earlier ones. */
export function editedDiagnostics(analyses: readonly Analysis[], current: readonly Diagnostic[]): Diagnostic[] {
  const paths = new Set(analyses.map((a) => a.source.path));
  const fresh = analyses.flatMap((a) => [...a.file.diagnostics, ...a.file.checks.flatMap((c) => c.warnings)]);
  return sortDiagnostics([...current.filter((d) => !paths.has(d.file)), ...fresh]);
}
