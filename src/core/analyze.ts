import type { Config } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseFile, type ParsedFile } from '../stages/parse.js';
import { schemaErrors, semanticWarnings } from '../stages/validate.js';

export interface IncidentChecks {
  /** The id as extracted, before ids are made unique across the site. */
  id: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/**
 * Everything pmkb learns from one file on its own: the parse and each incident's schema and semantic
 * checks. A pure function of path, bytes and config, so it runs in worker threads and is cached;
 * only the checks that need the whole site (unique ids) are left for later.
 */
export interface AnalyzedFile extends ParsedFile {
  /** Parallel to `incidents`. */
  checks: IncidentChecks[];
}

export function analyzeFile(relativePath: string, content: Uint8Array | string, config: Config): AnalyzedFile {
  const parsed = parseFile(relativePath, content, config);
  const checks = parsed.incidents.map((extracted) => ({ id: extracted.incident.id, errors: schemaErrors(extracted), warnings: semanticWarnings(extracted) }));
  return { ...parsed, checks };
}

/** A file with an error of its own: what dev mode refuses to publish over the last good version. */
export function hasErrors(file: AnalyzedFile): boolean {
  return file.diagnostics.some((d) => d.severity === 'error') || file.checks.some((c) => c.errors.length > 0);
}
