import type { RootContent } from 'mdast';
import type { Place } from '../../diagnostics/diagnostic.js';
import type { Incident, Section, Status } from '../../model/incident.generated.js';
import { SECTION_KEYS, SECTION_TITLES, type SectionKey } from '../../model/sections.js';
import type { FieldKey } from '../../config/defaults.js';
import { markdownToHtml, nodesToHtml, parseMarkdown, plainText, sourceOf } from '../markdown.js';
import { extractActionItems } from './action-items.js';
import type { ExtractContext } from './context.js';
import { findDate, parseIsoInstant } from './dates.js';
import type { FrontMatterReader } from './front-matter-keys.js';
import { extractLessons } from './lessons.js';
import { closest, networkName, normalizeStatus, slugify, splitNames, triggerCategory, urlsIn } from './normalize.js';
import { readStructure, type RawField, type RawSection } from './structure.js';
import { extractTimeline } from './timeline.js';
import { sectionParts } from './sections.js';

/** What the incident is built from: its part of the document and what the file says around it. */
export interface IncidentInput {
  /** Title from the incident's own heading (collections) or the document's title heading. */
  heading: string | null;
  headingLine: number;
  nodes: readonly RootContent[];
  line: number;
  /** Front matter that describes this incident (single-incident files). */
  own: FrontMatterReader | null;
  /** Front matter of a collection page: only defaults such as network apply to its incidents. */
  file: FrontMatterReader | null;
  path: string;
  stem: string;
}

export interface Extracted {
  incident: Incident;
  /** Where each field was written, so later diagnostics can point at it. */
  places: Partial<Record<string, Place>>;
  /** False when the date was inferred from the timeline rather than written. */
  dateStated: boolean;
}

export function extractIncident(input: IncidentInput, ctx: ExtractContext): Extracted {
  const { own, file } = input;
  const structure = readStructure(input.nodes, ctx);
  const fields = new Map<FieldKey, RawField>();
  for (const field of structure.fields) if (!fields.has(field.key)) fields.set(field.key, field);
  const places: Extracted['places'] = { title: { line: input.headingLine, column: 1 } };
  const fieldPlace = (key: FieldKey) => {
    const field = fields.get(key);
    return field ? { line: field.line, column: field.column } : undefined;
  };
  // Front matter wins over body fields: it is what the canonical format and `pmkb import` write.
  const pick = (fmKeys: string[], fieldKey: FieldKey | null): { value: string; place?: Place } | null => {
    for (const key of fmKeys) {
      const value = own?.string(key);
      if (value) return { value, place: own!.place(key) };
    }
    const field = fieldKey ? fields.get(fieldKey) : undefined;
    return field?.value ? { value: field.value, place: fieldPlace(field.key) } : null;
  };

  const title = own?.string('title') ?? input.heading ?? titleFromSource(own) ?? input.stem;
  if (own?.place('title')) places.title = own.place('title');

  // Date: written in front matter, a Date field, the title or the file name; else the timeline's first day.
  let date: string | null = null;
  let dateStated = false;
  const dateSource = own?.dateText('date') ?? own?.dateText('start_time');
  const dateWritten = dateSource ? { value: dateSource, place: own!.place('date') ?? own!.place('start_time') } : pick([], 'date');
  if (dateWritten) {
    places.date = dateWritten.place;
    const instant = parseIsoInstant(dateWritten.value);
    const found = instant ? { date: instant.toISODate()! } : findDate(dateWritten.value, ctx.config.dateOrder);
    if (!found) ctx.reporter.report('date-unparseable', dateWritten.place, { value: dateWritten.value.split('\n')[0] });
    else {
      if ('ambiguous' in found && found.ambiguous) ctx.reporter.report('date-ambiguous', dateWritten.place, { value: dateWritten.value, chosen: found.ambiguous.chosen });
      date = found.date;
      dateStated = true;
    }
  } else {
    date = findDate(title, ctx.config.dateOrder)?.date ?? null;
    dateStated = date !== null;
  }

  const sections = groupSections(structure.sections, structure.leading, ctx);
  const summary = own?.string('summary') ?? own?.string('description');
  if (summary && !sections.summary) sections.summary = { title: 'Summary', markdown: summary, html: markdownToHtml(summary), line: own!.place('summary')?.line ?? own!.place('description')?.line ?? input.line };
  const byKey = (key: SectionKey) => structure.sections.filter((s) => s.key === key);

  const timeline = extractTimeline(byKey('timeline').flatMap((s) => sectionParts(s, ctx)), date, ctx);
  // Last resorts: the first day the timeline mentions, then a publication date in the file name or
  // the post's path or URL (a blog post is usually published within days of the incident).
  date ??= timeline.find((e) => e.day)?.day ?? publicationDate(input.stem, own);

  const statusWritten = pick(['status'], 'status');
  let status: Status = 'unknown';
  if (statusWritten) {
    places.status = statusWritten.place;
    const normalized = normalizeStatus(statusWritten.value, ctx.config);
    if (normalized) status = normalized;
    else ctx.reporter.report('status-unknown', statusWritten.place, { value: statusWritten.value, suggestion: closest(statusWritten.value, ['draft', 'investigating', 'mitigated', 'resolved', 'closed']) });
  }

  const authors = own?.strings('authors') ?? own?.strings('author') ?? (fields.get('authors') ? splitNames(plainValue(fields.get('authors')!.value)) : []);
  const networkWritten = pick(['network'], 'network')?.value ?? file?.string('network') ?? folderDefault(input.path, ctx);
  const triggerRaw = own?.raw('trigger');
  const triggerObject = triggerRaw && typeof triggerRaw === 'object' && !Array.isArray(triggerRaw) ? (triggerRaw as Record<string, unknown>) : null;
  const triggerText = (triggerObject ? stringOrNull(triggerObject.text) : own?.string('trigger')) ?? (sections.trigger ? plainValue(sections.trigger.markdown) : null);
  const triggerCategoryWritten = triggerObject ? stringOrNull(triggerObject.category) : null;

  const references = [
    ...(own?.strings('references') ?? []),
    ...(own?.string('url') ? [own.string('url')!] : []),
    ...(fields.get('references') ? urlsIn(fields.get('references')!.value) : []),
  ];
  const tags = [...(own?.strings('tags') ?? []), ...(own?.strings('categories') ?? []), ...(own?.string('company') ? [own.string('company')!] : []), ...(fields.get('tags') ? splitNames(plainValue(fields.get('tags')!.value)) : [])];
  const severity = pick(['severity'], 'severity')?.value;

  const idWritten = own?.string('id');
  if (idWritten) places.id = own!.place('id');
  // Fields written in front matter: a schema problem with their value points at the key.
  for (const key of ['network', 'authors', 'severity', 'tags', 'trigger', 'references']) places[key] ??= own?.place(key);
  const incident: Incident = {
    id: idWritten ?? slugify(title),
    title: plainValue(title),
    date,
    status,
    statusText: statusWritten ? plainValue(statusWritten.value) : null,
    network: networkWritten ? networkName(plainValue(networkWritten), ctx.config) : 'unspecified',
    authors,
    ...(severity ? { severity: plainValue(severity) } : {}),
    tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))],
    trigger: {
      category: triggerCategoryWritten ? slugify(triggerCategoryWritten) : triggerCategory(triggerText, ctx.config),
      text: triggerText,
    },
    sections: sections,
    otherSections: sections.other,
    lessons: extractLessons(byKey('lessons'), ctx),
    actionItems: extractActionItems(byKey('actionItems'), ctx),
    references: [...new Set(references)],
    timeline,
    source: { path: input.path, line: input.line },
  };
  delete (incident.sections as Record<string, unknown>).other;
  return { incident, places, dateStated };
}

type SectionMap = Incident['sections'] & { other: Section[] };

/**
 * Merges sections that map to the same key (a `**Root Causes:**` line and a `#### Root Cause`
 * heading are one section) and renders each to sanitized HTML. Prose before the first section is the
 * summary when the document has no other.
 */
function groupSections(raw: readonly RawSection[], leading: readonly RootContent[], ctx: ExtractContext): SectionMap {
  const map: SectionMap = { other: [] };
  const render = (section: RawSection): Section | null => {
    const body = section.nodes.length > 0 ? sourceOf(ctx.source, section.nodes) : '';
    const markdown = [section.lead, body].filter(Boolean).join('\n\n').trim();
    // A section holding only guidance comments (as `pmkb new` and templates write them) is empty.
    if (!markdown.replace(/<!--[\s\S]*?-->/g, '').trim()) return null;
    const html = [section.lead ? markdownToHtml(section.lead) : '', section.nodes.length > 0 ? nodesToHtml(section.nodes) : ''].filter(Boolean).join('\n');
    return { title: section.title, markdown, html, line: section.line };
  };
  for (const section of raw) {
    const rendered = render(section);
    if (!rendered) continue;
    if (section.key === null) {
      map.other.push(rendered);
      continue;
    }
    const existing = map[section.key];
    map[section.key] = existing ? merge(existing, rendered) : rendered;
  }
  const intro = render({ key: 'summary', title: SECTION_TITLES.summary, line: leading[0]?.position?.start.line ?? 1, nodes: [...leading] });
  if (intro) {
    if (!map.summary) map.summary = intro;
    else map.other.unshift({ ...intro, title: 'Overview' });
  }
  // Keep keys in the canonical order so incidents.json reads the same for every incident.
  const ordered: SectionMap = { other: map.other };
  for (const key of SECTION_KEYS) if (map[key]) ordered[key] = map[key];
  return ordered;
}

/** A title for a post that has none: "<company>: <words of its URL>" (icco-style summaries). */
function titleFromSource(fm: FrontMatterReader | null): string | undefined {
  const company = fm?.string('company');
  const url = fm?.string('url');
  const slug = url
    ?.replace(/[?#].*$/, '')
    .split('/')
    .filter((part) => part && !/^\d+$/.test(part) && !/^https?:$/.test(part))
    .pop()
    ?.replace(/\.[a-z]+$/i, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  const words = slug && !slug.includes('.') ? slug.charAt(0).toUpperCase() + slug.slice(1) : undefined;
  if (company && words) return `${company}: ${words}`;
  return words ?? (company ? `${company} incident` : undefined);
}

function publicationDate(stem: string, fm: FrontMatterReader | null): string | null {
  const candidates = [stem, fm?.string('path'), fm?.string('permalink'), ...(fm?.strings('aliases') ?? []), fm?.string('url')];
  for (const candidate of candidates) {
    const found = candidate ? findDate(candidate.replace(/[/_]/g, '-'), 'mdy') : null;
    if (found && !found.ambiguous) return found.date;
  }
  return null;
}

/**
 * Joins a second part into a section (a `#### Root Cause` heading after a `**Root Causes:**` line).
 * A part with a title of its own ("Where we got lucky" after "Lessons Learned") keeps it as a
 * subheading, so the page still says what the part is.
 */
function merge(into: Section, part: Section): Section {
  const sameTitle = part.title.toLowerCase().replace(/s$/, '') === into.title.toLowerCase().replace(/s$/, '');
  if (sameTitle) return { ...into, markdown: `${into.markdown}\n\n${part.markdown}`, html: `${into.html}\n${part.html}` };
  const heading = nodesToHtml([{ type: 'heading', depth: 3, children: [{ type: 'text', value: part.title }] }]);
  return { ...into, markdown: `${into.markdown}\n\n### ${part.title}\n\n${part.markdown}`, html: `${into.html}\n${heading}\n${part.html}` };
}

function folderDefault(path: string, ctx: ExtractContext): string | undefined {
  const defaults = ctx.config.networks.defaults;
  const folders = Object.keys(defaults).sort((a, b) => b.length - a.length);
  const match = folders.find((folder) => folder === '.' || path === folder || path.startsWith(`${folder.replace(/\/$/, '')}/`));
  return match ? defaults[match] : undefined;
}

/** The text of an inline markdown value, without emphasis or link syntax. */
function plainValue(markdown: string): string {
  return plainText(parseMarkdown(markdown).children);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
