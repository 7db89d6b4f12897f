import type { Incident } from '../../model/incident.generated.js';
import type { Listed } from '../../model/site.js';
import { SECTION_KEYS, type SectionKey } from '../../model/sections.js';
import { LESSON_KINDS, type LessonKind } from '../digests.js';
import { slugify } from '../extract/normalize.js';
import type { Related } from '../related.js';
import type { Timing } from '../timing.js';
import { formatDuration, utc } from './text.js';
import { timelineItems } from './timeline.js';

export interface PageSection {
  key: SectionKey | null;
  title: string;
  html: string;
  anchor: string;
}

/**
 * Two fixes to the sanitized section HTML, whose exact forms the sanitizer guarantees: GFM task-list
 * checkboxes get an accessible name, and code blocks and tables, which scroll sideways when wide,
 * become focusable so keyboard users can scroll them. The model's HTML is left as it is.
 */
function accessibleHtml(html: string): string {
  return html
    .replaceAll('<input type="checkbox" checked disabled>', '<input type="checkbox" checked disabled aria-label="Done">')
    .replaceAll('<input type="checkbox" disabled>', '<input type="checkbox" disabled aria-label="Not done">')
    .replaceAll('<pre>', '<pre tabindex="0">')
    .replaceAll('<table>', '<table tabindex="0">');
}

/** Known sections in canonical order, then the document's own, each with a unique anchor. */
export function pageSections(incident: Incident): PageSection[] {
  const used = new Set<string>(['references', 'related']);
  const anchor = (title: string) => {
    let id = slugify(title);
    for (let n = 2; used.has(id); n++) id = `${slugify(title)}-${n}`;
    used.add(id);
    return id;
  };
  const known = SECTION_KEYS.flatMap((key) => {
    const section = incident.sections[key];
    return section ? [{ key, title: section.title, html: accessibleHtml(section.html), anchor: anchor(section.title) }] : [];
  });
  const other = incident.otherSections.map((s) => ({ key: null, title: s.title, html: accessibleHtml(s.html), anchor: anchor(s.title) }));
  return [...known, ...other];
}

/** An incident's page, at one of its known sections when it has it, relative to the site root. */
export function sectionHref(incident: Listed, key: SectionKey): string {
  const anchor = incident.brief.anchors[key];
  return `incidents/${incident.id}/${anchor ? `#${anchor}` : ''}`;
}

function lessonGroups(incident: Incident) {
  return (Object.keys(LESSON_KINDS) as LessonKind[])
    .filter((kind) => incident.lessons[kind].length > 0)
    .map((kind) => ({ title: LESSON_KINDS[kind], items: incident.lessons[kind] }));
}

/** The card's timing rows: each only when the timeline allows it, with the instants it is measured between. */
function timingRows(timing: Timing) {
  const at = (iso: string) => `${utc(iso).slice(11)} UTC`;
  const rows: Array<{ title: string; value: string; basis: string }> = [];
  if (timing.duration !== null) rows.push({ title: 'Duration', value: formatDuration(timing.duration), basis: `first to last timeline entry` });
  if (timing.timeToDetect !== null && timing.detected)
    rows.push({ title: 'Time to detect', value: formatDuration(timing.timeToDetect), basis: `${at(timing.start!)} → ${at(timing.detected.at)}` });
  if (timing.timeToResolve !== null && timing.resolved)
    rows.push({ title: 'Time to resolve', value: formatDuration(timing.timeToResolve), basis: `${at(timing.start!)} → ${at(timing.resolved.at)}` });
  return rows;
}

/** Everything the incident template shows beyond the incident itself. */
export function incidentPageData(incident: Incident, timing: Timing, related: readonly Related[], newer?: Listed, older?: Listed) {
  return {
    incident,
    sections: pageSections(incident),
    lessonGroups: lessonGroups(incident),
    timing: timingRows(timing),
    timeline: timelineItems(incident, timing),
    related,
    newer,
    older,
  };
}
