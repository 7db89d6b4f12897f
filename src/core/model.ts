import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Incident } from '../model/incident.generated.js';
import { wholeIncident, type Listed } from '../model/site.js';
import type { Extracted } from '../stages/extract/incident.js';
import { assignIds, schemaErrors } from '../stages/validate.js';
import { hash } from './hash.js';
import { NarrativeStore } from './narratives.js';
import type { ParseCache } from './parse-cache.js';
import type { Analysis } from './sources.js';

export interface FileReport {
  path: string;
  incidents: number;
}

/** The incidents a site is built from, and what was found wrong on the way. */
export interface Model {
  incidents: Listed[];
  /** Their narratives, read when a page needs one. */
  narratives: NarrativeStore;
  /**
   * A name for each published incident's content by id: its file's key, its place in the file and
   * its final id determine every field, so equal names mean equal incidents without comparing them.
   */
  fingerprints: Map<string, string>;
  diagnostics: Diagnostic[];
  /** Every file read and how many incidents it yielded: nothing is lost silently. */
  files: FileReport[];
}

/** Names a published incident's content: its file's key, its place in the file and its final id. */
export function fingerprintOf(key: string | null, index: number, id: string): string {
  return hash(key ?? '', String(index), id);
}

/**
 * The stage after parsing: makes ids unique across the site and keeps the incidents that pass their
 * checks. The analyses are not changed (dev mode keeps them from one rebuild to the next): each
 * incident is copied before its id can be. `previous` holds an earlier model's incidents by
 * fingerprint: an unchanged incident is published as the same object, so whatever was made from it
 * (a table row) can be kept. `cache` is where the analyses' narratives are, unless they hold them.
 */
export function buildModel(analyses: readonly Analysis[], options: { previous?: ReadonlyMap<string, Listed>; cache?: ParseCache } = {}): Model {
  const { previous } = options;
  const diagnostics: Diagnostic[] = analyses.flatMap((a) => a.file.diagnostics);
  const entries = analyses.flatMap((a) =>
    a.file.incidents.map((extracted, index) => {
      const checks = a.file.checks[index]!;
      // Ids are settled on stand-ins holding only what assignIds reads: the incident itself is copied
      // once its id is final, and only when no earlier incident has the same content.
      const named: Extracted = { ...extracted, incident: { id: checks.id, source: extracted.incident.source } as Incident };
      return { named, extracted, checks, key: a.key, index, text: a.narratives };
    }),
  );
  const { kept, diagnostics: idDiagnostics } = assignIds(entries.map((e) => e.named));
  diagnostics.push(...idDiagnostics);
  const byNamed = new Map(entries.map((e) => [e.named, e]));
  const incidents: Listed[] = [];
  const fingerprints = new Map<string, string>();
  const narratives = new NarrativeStore(options.cache);
  for (const named of kept) {
    const { extracted, checks, key, index, text } = byNamed.get(named)!;
    const id = named.incident.id;
    const fingerprint = fingerprintOf(key, index, id);
    // The same fingerprint is the same content: the earlier object is kept, and what was made from it.
    const incident = previous?.get(fingerprint) ?? { ...extracted.incident, id };
    // Only a file that was read has incidents, and a key.
    const source = { key: key!, index, ...(text === undefined ? {} : { text }) };
    // The cached checks saw the id as extracted; a suffixed id (title-2) is checked again.
    const errors = id === checks.id ? checks.errors : schemaErrors({ ...extracted, incident: wholeIncident(incident, narratives.read(source, incident.source.path)) });
    diagnostics.push(...errors, ...checks.warnings);
    if (errors.length > 0) continue;
    narratives.set(id, source);
    incidents.push(incident);
    fingerprints.set(id, fingerprint);
  }
  const published = new Map<string, number>();
  for (const incident of incidents) published.set(incident.source.path, (published.get(incident.source.path) ?? 0) + 1);
  return {
    incidents,
    narratives,
    fingerprints,
    diagnostics: sortDiagnostics(diagnostics),
    files: analyses.map((a) => ({ path: a.source.path, incidents: published.get(a.source.path) ?? 0 })),
  };
}
