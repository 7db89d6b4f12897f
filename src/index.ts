// Public API: the pipeline and its types. Entry file only re-exports.
export { build, type BuildOptions, type BuildResult } from './core/build.js';
export { loadConfigFile } from './core/config-file.js';
export { resolveConfig, type Config, type ConfigFile } from './config/config.js';
export { parseFile, type ParsedFile } from './stages/parse.js';
export { buildSite } from './stages/indexes.js';
export { renderSite } from './stages/render.js';
export type { Incident, Section, TimelineEntry, Status } from './model/incident.generated.js';
export { wholeIncident, type Site, type Facet, type FacetValue, type Listed, type Brief, type Narrative, type NarrativeReader } from './model/site.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export { RULES, type RuleId } from './diagnostics/rules.js';
export { formatGithub, formatJson, formatPretty } from './diagnostics/reporters/index.js';
