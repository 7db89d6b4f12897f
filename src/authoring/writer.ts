import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config/config.js';
import type { Incident } from '../model/incident.generated.js';
import { parseFile } from '../stages/parse.js';
import { CANONICAL_SECTIONS, frontMatterBlock, nestHeadings } from './canonical.js';
import { lessonsMarkdown } from './lessons.js';
import { timelineMarkdown } from './timeline.js';

/** The network pmkb publishes for an incident that names none (see extract/incident.ts). */
const UNSPECIFIED = 'unspecified';

/**
 * An incident as a canonical document: every field in front matter, written so it reads back as it
 * was read (the status as written, the trigger's category explicit, the id fixed), then the sections
 * in the SRE template's order with the author's text. Sections pmkb has no key for keep their
 * headings and come before Action Items; prose that opened the original comes first.
 * `problems` names what could not be written faithfully.
 */
export function canonicalDocument(incident: Incident, config: Config): { text: string; problems: string[] } {
  const problems: string[] = [];
  // Entries without a day mean the original stated no date and took it from the timeline: a written
  // date would date those entries too, so the date is left to be found the same way again.
  const dateFromTimeline = incident.timeline.some((e) => e.day === null);
  const frontMatter = frontMatterBlock(
    {
      id: incident.id,
      title: incident.title,
      date: dateFromTimeline ? null : incident.date,
      status: incident.statusText,
      network: incident.network === UNSPECIFIED ? null : incident.network,
      authors: incident.authors,
      severity: incident.severity ?? null,
      tags: incident.tags,
      trigger: { category: incident.trigger.category, text: incident.trigger.text },
      references: incident.references,
    },
    ['authors', 'tags'],
  );
  // The extractor files prose before the first heading under "Overview" when there is also a
  // Summary; written first again, it is read back the same way.
  const [first, ...rest] = incident.otherSections;
  const intro = first?.title === 'Overview' ? first : null;
  const others = intro ? rest : incident.otherSections;
  const parts = intro ? [nestHeadings(intro.markdown)] : [];
  for (const { key, heading } of CANONICAL_SECTIONS) {
    if (key === 'actionItems') parts.push(...others.map((s) => `## ${s.title}\n\n${nestHeadings(s.markdown)}`));
    if (!incident.sections[key]) continue;
    let body: string | null;
    if (key === 'lessons') body = lessonsMarkdown(incident, config);
    else if (key === 'timeline') body = timelineMarkdown(incident, config);
    else body = nestHeadings(incident.sections[key]!.markdown);
    if (body === null) {
      problems.push(`its ${heading} section does not map onto its entries`);
      body = incident.sections[key]!.markdown;
    }
    parts.push(`## ${heading}\n\n${body}`);
  }
  return { text: `${frontMatter}\n${parts.join('\n\n')}\n`, problems };
}

/** The fields an imported document must read back exactly as the original did. */
const SAME_FIELDS = ['id', 'title', 'date', 'status', 'statusText', 'network', 'authors', 'severity', 'tags', 'trigger', 'references', 'lessons', 'actionItems'] as const;

/**
 * What would read differently if `text` were built as `relativePath` instead of the original: model
 * fields by name, timeline entries by index (`timeline[3]`), or why it would not be an incident at all.
 */
export function readsDifferently(original: Incident, text: string, relativePath: string, config: Config): string[] {
  const parsed = parseFile(relativePath, text, config);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ruleId} at line ${d.line}`);
  if (errors.length || parsed.incidents.length !== 1) return errors.length ? errors : [`${parsed.incidents.length} incidents instead of one`];
  const copy = parsed.incidents[0]!.incident;
  const fields: string[] = SAME_FIELDS.filter((key) => !isDeepStrictEqual(original[key], copy[key]));
  if (original.timeline.length !== copy.timeline.length) return [...fields, 'timeline'];
  original.timeline.forEach((entry, i) => {
    const other = copy.timeline[i]!;
    if (entry.at !== other.at || (entry.end ?? null) !== (other.end ?? null)) fields.push(`timeline[${i}]`);
  });
  return fields;
}
