import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Info } from 'luxon';
import { Reporter, type Diagnostic } from '../diagnostics/diagnostic.js';
import { resolveConfig, type Config, type ConfigFile } from '../config/config.js';
import { loadSchema } from '../model/schemas.js';
import { parseYaml } from '../stages/frontmatter.js';
import { closest } from '../stages/extract/normalize.js';

export interface LoadedConfig {
  config: Config;
  /** The file read, if any. */
  file?: string;
  diagnostics: Diagnostic[];
}

/**
 * Reads and validates a config file (YAML or JSON); with none, every default applies. Problems are
 * diagnostics pointing into the file, never exceptions.
 */
export async function loadConfigFile(file: string | undefined, cwd: string): Promise<LoadedConfig> {
  if (!file) return { config: resolveConfig(), diagnostics: [] };
  const shown = path.relative(cwd, file) || file;
  const reporter = new Reporter(shown);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    reporter.report('file-unreadable', undefined, { reason: (error as NodeJS.ErrnoException).code ?? String(error) });
    return { config: resolveConfig(), file, diagnostics: reporter.diagnostics };
  }
  // JSON is YAML, so one parser gives positions for both.
  const parsed = parseYaml(text, 1, reporter);
  if (reporter.diagnostics.length > 0) return { config: resolveConfig(), file, diagnostics: reporter.diagnostics };
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(loadSchema('config'));
  if (!validate(parsed.data)) {
    const schema = loadSchema('config') as { properties: Record<string, unknown> };
    for (const error of validate.errors ?? []) {
      const unknownKey = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
      reporter.report('config-invalid', parsed.placeAt(unknownKey ? `${error.instancePath}/${unknownKey}` : error.instancePath), {
        path: unknownKey ? `${error.instancePath}/${unknownKey}` : error.instancePath || '/',
        reason: unknownKey ? 'is not a setting pmkb knows' : (error.message ?? 'is invalid'),
        suggestion: unknownKey ? closest(unknownKey, Object.keys(schema.properties)) : undefined,
      });
    }
    return { config: resolveConfig(), file, diagnostics: reporter.diagnostics };
  }
  const data = parsed.data as ConfigFile;
  // Zones are handed to Luxon as written: one it cannot read would turn every time in a timeline
  // into "cannot read this time", far from the setting that caused it.
  const zones: Array<[string, string | undefined]> = [['/defaultZone', data.defaultZone], ...Object.entries(data.zones ?? {}).map(([name, zone]): [string, string] => [`/zones/${name}`, zone])];
  for (const [at, zone] of zones) {
    if (zone !== undefined && !Info.normalizeZone(zone)?.isValid) reporter.report('config-zone-unknown', parsed.placeAt(at), { path: at, zone });
  }
  if (reporter.diagnostics.length > 0) return { config: resolveConfig(), file, diagnostics: reporter.diagnostics };
  return { config: resolveConfig(data), file, diagnostics: [] };
}
