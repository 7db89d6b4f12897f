import { stringify } from 'yaml';
import type { Incident } from '../../src/model/incident.generated.js';
import type { Listed } from '../../src/model/site.js';
import { splitIncident } from '../../src/stages/brief.js';
import { incidentOf } from './parse.js';

/**
 * An incident written in the canonical format: front matter from `fields`, then `## Heading` sections
 * from `sections`, parsed by the real pipeline, so tests see exactly what a build would.
 */
export function canonical(fields: Record<string, unknown>, sections: Record<string, string> = {}): Incident {
  const body = Object.entries(sections).map(([heading, text]) => `## ${heading}\n\n${text}\n`);
  const { diagnostics: _, ...incident } = incidentOf(['---', stringify(fields).trim(), '---', '', ...body].join('\n'), `${String(fields.title)}.md`);
  return incident as Incident;
}

/** A timeline section body for one day in UTC: `['09:00 Something happens', …]`. */
export function utcTimeline(day: string, entries: string[]): string {
  return [`${day} (all times UTC)`, '', ...entries.map((e) => `- ${e}`)].join('\n');
}

/** An incident as a site holds it (see Listed). */
export function listedOf(incident: Incident): Listed {
  return splitIncident(incident).listed;
}
