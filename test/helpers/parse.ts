import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type ConfigFile } from '../../src/config/config.js';
import { parseFile } from '../../src/stages/parse.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Parses markdown given inline, as the file `name`. */
export function parse(markdown: string, name = 'test.md', config: ConfigFile = {}) {
  return parseFile(name, markdown, resolveConfig(config));
}

/** The one incident a document must produce. */
export function incidentOf(markdown: string, name = 'test.md', config: ConfigFile = {}) {
  const result = parse(markdown, name, config);
  if (result.incidents.length !== 1) throw new Error(`expected one incident, got ${result.incidents.length}`);
  return { ...result.incidents[0]!.incident, diagnostics: result.diagnostics };
}

export function readFixture(path: string): string {
  return readFileSync(`${ROOT}${path}`, 'utf8');
}
