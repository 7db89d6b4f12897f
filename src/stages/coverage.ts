import type { Incident } from '../model/incident.generated.js';
import { SECTION_KEYS } from '../model/sections.js';

/** How many incidents have one field or section, for `pmkb check --stats`. */
export interface CoverageRow {
  name: string;
  incidents: number;
}

export interface Coverage {
  files: number;
  incidents: number;
  rows: CoverageRow[];
  timelineEntries: number;
  /** Timeline entries whose instant pmkb could resolve. */
  timelineInstants: number;
}

const has = (test: (i: Incident) => boolean) => test;

// What counts as "recognized": a value pmkb found in the document, not a default it filled in.
const CHECKS: Array<[string, (i: Incident) => boolean]> = [
  ['date', has((i) => i.date !== null)],
  ['status', has((i) => i.statusText !== null)],
  ['status (mapped)', has((i) => i.status !== 'unknown')],
  ['network', has((i) => i.network !== 'unspecified' && i.network !== null)],
  ['authors', has((i) => i.authors.length > 0)],
  ['severity', has((i) => i.severity !== undefined)],
  ['tags', has((i) => i.tags.length > 0)],
  ['trigger category', has((i) => i.trigger.category !== 'unknown')],
  ['references', has((i) => i.references.length > 0)],
  ...SECTION_KEYS.map((key): [string, (i: Incident) => boolean] => [`section: ${key}`, (i) => i.sections[key] !== undefined]),
  ['other sections', has((i) => i.otherSections.length > 0)],
  ['lessons (items)', has((i) => Object.values(i.lessons).some((list) => list.length > 0))],
  ['action items', has((i) => i.actionItems.length > 0)],
  ['timeline entries', has((i) => i.timeline.length > 0)],
];

export function coverage(incidents: readonly Incident[], files: number): Coverage {
  return {
    files,
    incidents: incidents.length,
    rows: CHECKS.map(([name, test]) => ({ name, incidents: incidents.filter(test).length })),
    timelineEntries: incidents.reduce((n, i) => n + i.timeline.length, 0),
    timelineInstants: incidents.reduce((n, i) => n + i.timeline.filter((e) => e.at).length, 0),
  };
}

export function formatCoverage(report: Coverage): string {
  const width = Math.max(...report.rows.map((r) => r.name.length));
  const percent = (n: number, of: number) => (of === 0 ? '–' : `${Math.round((100 * n) / of)}%`);
  const lines = [
    `${report.incidents} incidents from ${report.files} files. Recognized:`,
    ...report.rows.map((r) => `  ${r.name.padEnd(width)}  ${String(r.incidents).padStart(5)}  ${percent(r.incidents, report.incidents).padStart(4)}`),
    `  ${'timeline instants'.padEnd(width)}  ${String(report.timelineInstants).padStart(5)}  ${percent(report.timelineInstants, report.timelineEntries).padStart(4)} of ${report.timelineEntries} entries`,
  ];
  return lines.join('\n');
}
