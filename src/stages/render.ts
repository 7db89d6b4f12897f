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

/**
 * A page to render and what its content depends on, so an incremental rebuild can re-render only
 * the pages whose inputs changed. Dependency keys: `incident:<id>` (that incident's data),
 * `incidents` (the list as a whole: membership, order or any listed field), `facet:<path>` (a facet's
 * values and counts), `facet:<path>/<slug>` (one value's members, or a listed field of one of them), `assets`.
 */
export interface PagePlan {
  path: string;
  deps: string[];
  render: () => string;
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
 * Plans every page of the site from the grouped incidents. Pure: no file system writes, every link
 * relative (`root` climbs back to the site root) so the site works from any sub-path.
 */
export function planSite(site: Site, config: Config, templatesDir = TEMPLATES_DIR): PagePlan[] {
  const eta = new Eta({ views: templatesDir, autoEscape: true, cache: true });
  const common = {
    site: { title: config.title },
    facets: site.facets,
    href: facetHref,
    label,
    utc: (iso: string) => iso.replace('T', ' ').replace(/:00Z$|Z$/, ''),
  };
  const base = config.baseUrl ? config.baseUrl.replace(/\/?$/, '/') : '';
  const page: PageFactory = (path, deps, template, data) => ({
    path,
    deps,
    render: () => {
      const depth = path.split('/').length - 1;
      const root = depth === 0 ? './' : '../'.repeat(depth);
      const canonical = base ? base + path.replace(/index\.html$/, '') : '';
      return eta.render(template, { ...common, root, canonical, ...data });
    },
  });

  const plans: PagePlan[] = [];
  plans.push(
    page('index.html', ['incidents'], './index', {
      pageTitle: 'All incidents',
      description: `${site.incidents.length} incident postmortems, newest first.`,
      incidents: site.incidents,
      summaryFacets: site.facets.filter((f) => ['networks', 'triggers', 'status'].includes(f.path)),
    }),
  );
  site.incidents.forEach((incident, index) => {
    const newer = site.incidents[index - 1];
    const older = site.incidents[index + 1];
    plans.push(
      page(`incidents/${incident.id}/index.html`, [`incident:${incident.id}`, 'incidents'], './incident', {
        pageTitle: incident.title,
        description: summaryText(incident),
        incident,
        sections: pageSections(incident),
        lessonGroups: lessonGroups(incident),
        newer,
        older,
      }),
    );
  });
  for (const facet of site.facets) plans.push(...facetPages(facet, page));
  plans.push({ path: 'incidents.json', deps: ['incidents'], render: () => `${JSON.stringify(site.incidents, null, 2)}\n` });
  plans.push({ path: 'assets/style.css', deps: ['assets'], render: () => readFileSync(`${templatesDir}/assets/style.css`, 'utf8') });
  return plans;
}

/** Renders every planned page. */
export function renderSite(site: Site, config: Config, templatesDir = TEMPLATES_DIR): OutputFile[] {
  return planSite(site, config, templatesDir).map((plan) => ({ path: plan.path, content: plan.render() }));
}

type PageFactory = (path: string, deps: string[], template: string, data: Record<string, unknown>) => PagePlan;

function facetPages(facet: Facet, page: PageFactory): PagePlan[] {
  const plans = [
    page(`${facet.path}/index.html`, [`facet:${facet.path}`], './facet', {
      pageTitle: facet.title,
      description: `Incidents by ${facet.noun.toLowerCase()}: ${facet.values.length} value${facet.values.length === 1 ? '' : 's'}.`,
      facet,
      current: facet.path,
    }),
  ];
  for (const value of facet.values) {
    plans.push(
      page(`${facet.path}/${value.slug}/index.html`, [`facet:${facet.path}/${value.slug}`], './facet-value', {
        pageTitle: `${facet.noun}: ${label(value.label)}`,
        description: `${value.incidents.length} incident${value.incidents.length === 1 ? '' : 's'} with ${facet.noun.toLowerCase()} ${label(value.label)}.`,
        facet,
        value,
        current: facet.path,
      }),
    );
  }
  return plans;
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
