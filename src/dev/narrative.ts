import { hasErrors } from '../core/analyze.js';
import { listedFields } from '../core/deps.js';
import { fingerprintOf } from '../core/model.js';
import type { Analysis } from '../core/sources.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { NarrativeSource, NarrativeStore } from '../core/narratives.js';
import type { Listed, Site } from '../model/site.js';
import type { PagePlan } from '../stages/render.js';

/** A site a dev session publishes: the site, each incident's fingerprint, and where their narratives are. */
export interface DevSite {
  site: Site;
  fingerprints: Map<string, string>;
  narratives: NarrativeStore;
}

/** The site a dev session last published in full, and how to find its parts again. */
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

interface NarrativeEdit {
  served: Listed;
  incident: Listed;
  fingerprint: string;
  narrative: NarrativeSource;
}

/**
 * The edits, when every changed file changed only what its incidents' own pages show (their
 * narrative: sections, timeline, lessons…): the same incidents under the same ids, the same listed
 * fields, no errors before or after, and no problem of the file's that other files caused. Null
 * when any edit does more, which calls for a full rebuild.
 */
export function narrativeEdits(served: ServedSite, analyses: readonly Analysis[], previous: ReadonlyMap<string, Analysis>, current: readonly Diagnostic[]): NarrativeEdit[] | null {
  const edits: NarrativeEdit[] = [];
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
      if (!servedIncident || before.file.checks[index]!.id !== id) return null;
      const incident = { ...extracted.incident, id };
      if (listedFields(incident) !== listedFields(servedIncident)) return null;
      const narrative = { key: analysis.key, index, ...(analysis.narratives === undefined ? {} : { text: analysis.narratives }) };
      edits.push({ served: servedIncident, incident, fingerprint: fingerprintOf(analysis.key, index, id), narrative });
    }
  }
  return edits;
}

/**
 * Applies narrative edits to the served site: each incident object is updated in place, so every
 * list, facet and related list that holds it stays right. Returns the pages to render again (those
 * of the edited incidents that do not collect across incidents) and the session's new diagnostics.
 */
export function applyNarrativeEdits(served: ServedSite, edits: readonly NarrativeEdit[], analyses: readonly Analysis[], current: readonly Diagnostic[]) {
  for (const { served: target, incident, fingerprint, narrative } of edits) {
    for (const key of Object.keys(target)) if (!(key in incident)) delete (target as unknown as Record<string, unknown>)[key];
    Object.assign(target, incident);
    served.fingerprints.set(incident.id, fingerprint);
    served.narratives.set(incident.id, narrative);
  }
  const keys = new Set(edits.map((e) => `incident:${e.incident.id}`));
  const plans = served.plans.filter((plan) => !plan.deps.includes('corpus') && plan.deps.some((key) => keys.has(key)));
  const paths = new Set(analyses.map((a) => a.source.path));
  const fresh = analyses.flatMap((a) => [...a.file.diagnostics, ...a.file.checks.flatMap((c) => c.warnings)]);
  const diagnostics = sortDiagnostics([...current.filter((d) => !paths.has(d.file)), ...fresh]);
  return { plans, diagnostics };
}
