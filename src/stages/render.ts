import { readFileSync } from 'node:fs';
import { Eta } from 'eta';
import type { Config } from '../config/config.js';
import type { Incident } from '../model/incident.generated.js';
import { PACKAGE_ROOT } from '../model/schemas.js';
import { SECTION_KEYS } from '../model/sections.js';
import type { Facet, Site } from '../model/site.js';
import { slugify } from './extract/normalize.js';
import { facetHref } from './indexes.js';

/** A file of the built site: its path relative to the output folder and its bytes. */
export interface OutputFile {
  path: string;
  content: string;
}

export const TEMPLATES_DIR = `${PACKAGE_ROOT}templates`;

/** Display form of slug-like values: "external-dependency" → "External dependency". */
function label(value: string): string {
  return /^[a-z][a-z0-9-]*$/.test(value) ? value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, ' ') : value;
}

/** Plain text for meta descriptions, taken from the sanitized HTML so no raw markup can leak into it. */
function summaryText(incident: Incident): string {
  const html = incident.sections.summary?.html ?? incident.sections.impact?.html ?? '';
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
  const plain = html.replace(/<[^>]*>/g, ' ').replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => entities[e]!).replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 197)}…` : plain || incident.title;
}

/**
 * Renders every page of the site from the grouped incidents. Pure: no file system writes, every link
 * relative (`root` climbs back to the site root) so the site works from any sub-path.
 */
export function renderSite(site: Site, config: Config, templatesDir = TEMPLATES_DIR): OutputFile[] {
  const eta = new Eta({ views: templatesDir, autoEscape: true, cache: true });
  const common = {
    site: { title: config.title, count: site.incidents.length },
    facets: site.facets,
    href: facetHref,
    label,
    utc: (iso: string) => iso.replace('T', ' ').replace(/:00Z$|Z$/, ''),
  };
  const base = config.baseUrl ? config.baseUrl.replace(/\/?$/, '/') : '';
  const page = (path: string, template: string, data: Record<string, unknown>): OutputFile => {
    const depth = path.split('/').length - 1;
    const root = depth === 0 ? './' : '../'.repeat(depth);
    const canonical = base ? base + path.replace(/index\.html$/, '') : '';
    return { path, content: eta.render(template, { ...common, root, canonical, ...data }) };
  };

  const files: OutputFile[] = [];
  files.push(
    page('index.html', './index', {
      pageTitle: 'All incidents',
      description: `${site.incidents.length} incident postmortems, newest first.`,
      incidents: site.incidents,
      summaryFacets: site.facets.filter((f) => ['networks', 'triggers', 'status'].includes(f.path)),
    }),
  );
  site.incidents.forEach((incident, index) => {
    files.push(
      page(`incidents/${incident.id}/index.html`, './incident', {
        pageTitle: incident.title,
        description: summaryText(incident),
        incident,
        sections: pageSections(incident),
        lessonGroups: lessonGroups(incident),
        newer: site.incidents[index - 1],
        older: site.incidents[index + 1],
      }),
    );
  });
  for (const facet of site.facets) files.push(...facetPages(facet, page));
  files.push({ path: 'incidents.json', content: `${JSON.stringify(site.incidents, null, 2)}\n` });
  files.push({ path: 'assets/style.css', content: readFileSync(`${templatesDir}/assets/style.css`, 'utf8') });
  return files;
}

function facetPages(facet: Facet, page: (path: string, template: string, data: Record<string, unknown>) => OutputFile): OutputFile[] {
  const files = [
    page(`${facet.path}/index.html`, './facet', {
      pageTitle: facet.title,
      description: `Incidents by ${facet.noun.toLowerCase()}: ${facet.values.length} value${facet.values.length === 1 ? '' : 's'}.`,
      facet,
      current: facet.path,
    }),
  ];
  for (const value of facet.values) {
    files.push(
      page(`${facet.path}/${value.slug}/index.html`, './facet-value', {
        pageTitle: `${facet.noun}: ${label(value.label)}`,
        description: `${value.incidents.length} incident${value.incidents.length === 1 ? '' : 's'} with ${facet.noun.toLowerCase()} ${label(value.label)}.`,
        facet,
        value,
        current: facet.path,
      }),
    );
  }
  return files;
}

const LESSON_TITLES = { wentWell: 'What went well', wentWrong: 'What went wrong', gotLucky: 'Where we got lucky', learned: 'Lessons' } as const;

function lessonGroups(incident: Incident) {
  return (Object.keys(LESSON_TITLES) as Array<keyof typeof LESSON_TITLES>)
    .filter((key) => incident.lessons[key].length > 0)
    .map((key) => ({ title: LESSON_TITLES[key], items: incident.lessons[key] }));
}

/** Known sections in canonical order, then the document's own, each with a unique anchor. */
function pageSections(incident: Incident) {
  const used = new Set<string>(['references']);
  const anchor = (title: string) => {
    let id = slugify(title);
    for (let n = 2; used.has(id); n++) id = `${slugify(title)}-${n}`;
    used.add(id);
    return id;
  };
  const known = SECTION_KEYS.flatMap((key) => {
    const section = incident.sections[key];
    return section ? [{ key, title: section.title, html: section.html, anchor: anchor(section.title) }] : [];
  });
  const other = incident.otherSections.map((s) => ({ key: null, title: s.title, html: s.html, anchor: anchor(s.title) }));
  return [...known, ...other];
}
