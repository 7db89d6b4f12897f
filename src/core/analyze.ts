import type { Config } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Listed, Narrative } from '../model/site.js';
import { splitIncident } from '../stages/brief.js';
import type { Extracted } from '../stages/extract/incident.js';
import { parseFile } from '../stages/parse.js';
import { schemaErrors, semanticWarnings } from '../stages/validate.js';

export interface IncidentChecks {
  /** The id as extracted, before ids are made unique across the site. */
  id: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** An extracted incident as the site holds it: without its narrative (see Listed). */
export type ListedExtracted = Omit<Extracted, 'incident'> & { incident: Listed };

/**
 * Everything pmkb learns from one file on its own, but its incidents' narratives: the parse and each
 * incident's schema and semantic checks. Only the checks that need the whole site (unique ids) are
 * left for later.
 */
export interface AnalyzedFile {
  path: string;
  incidents: ListedExtracted[];
  diagnostics: Diagnostic[];
  /** Parallel to `incidents`. */
  checks: IncidentChecks[];
}

/** A file's analysis and its incidents' narratives (parallel to `file.incidents`). */
export interface Analyzed {
  file: AnalyzedFile;
  narratives: Narrative[];
}

/** A pure function of path, bytes and config, so it runs in worker threads and is cached. */
export function analyzeFile(relativePath: string, content: Uint8Array | string, config: Config): Analyzed {
  const parsed = parseFile(relativePath, content, config);
  const checks = parsed.incidents.map((extracted) => ({ id: extracted.incident.id, errors: schemaErrors(extracted), warnings: semanticWarnings(extracted) }));
  const split = parsed.incidents.map((extracted) => ({ extracted, ...splitIncident(extracted.incident) }));
  return {
    file: { ...parsed, incidents: split.map(({ extracted, listed }) => ({ ...extracted, incident: listed })), checks },
    narratives: split.map((s) => s.narrative),
  };
}

/** A file with an error of its own: what dev mode refuses to publish over the last good version. */
export function hasErrors(file: AnalyzedFile): boolean {
  return file.diagnostics.some((d) => d.severity === 'error') || file.checks.some((c) => c.errors.length > 0);
}
