import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Eta } from 'eta';
import type { Config } from '../config/config.js';
import { hash } from '../core/hash.js';
import { TEMPLATES_DIR } from '../model/schemas.js';
import { wholeIncident, type Facet, type Listed, type Site } from '../model/site.js';
import { facetHref } from './indexes.js';
import { relatedIncidents, type RelatedLists } from './related.js';
import { allIncidentsData, digestPages, homeData, incidentFilters } from './render/digests.js';
import { atomFeed, prettyJson, prettyJsonArray, sitemap } from './render/feeds.js';
import { incidentPageData } from './render/incident.js';
import { label, plural, summaryText, utc } from './render/text.js';

/**
 * A file's text, whole (as text or UTF-8 bytes) or, for files as large as the corpus such as
 * incidents.json, as pieces that are written as they are made, so it is never in memory at once.
 */
export type FileContent = string | Uint8Array | Iterable<string>;

/** A file of the built site: its path relative to the output folder and its bytes. */
export interface OutputFile {
  path: string;
  content: FileContent;
}

/** The whole text of a file's content. */
export function contentText(content: FileContent): string {
  if (typeof content === 'string') return content;
  return content instanceof Uint8Array ? Buffer.from(content).toString('utf8') : [...content].join('');
}

/**
 * A page to render and what its content depends on, so an incremental rebuild can re-render only
 * the pages whose inputs changed. Dependency keys: `incident:<id>` (that incident's data),
 * `neighbours:<id>` (the id, title and date of the incidents before and after it in the list),
 * `related:<id>` (its related incidents in order: each one's id, title, date and reasons),
 * `incidents` (the list as a whole: membership, order or any listed field), `corpus` (anything in
 * any incident: pages that collect across incidents — lessons, action items, stats, the feed),
 * `facet:<path>` (a facet's values and counts), `facet:<path>/<slug>` (one value's members, or a
 * listed field of one of them), `pages:<hash>` (the site's page paths, named by their hash: the key
 * is its own value), `assets`. A page with no deps depends only on the config and the
 * templates (and pmkb's code, which fixes the facets every page's navigation names).
 */
export interface PagePlan {
  path: string;
  deps: string[];
  render: () => FileContent;
  /**
   * Its template marks text for the search index (`data-pagefind-body`, which is what the index
   * looks for): a build that renders the page again starts indexing its shard early.
   */
  searchable?: true;
}

/** Marks a plan just made: not copied, since a dev edit plans ten thousand of them. */
function searchable(plan: PagePlan): PagePlan {
  plan.searchable = true;
  return plan;
}

/** Scripts a page may load from assets/; pages with none forbid scripts outright. */
export type Script = 'tables' | 'search';
export const SCRIPTS: readonly Script[] = ['tables', 'search'];

type PageData = Record<string, unknown>;
/** Data may be given as a function, computed only when the page renders: planning stays cheap. */
export type PageFactory = (path: string, deps: string[], template: string, data: PageData | (() => PageData)) => PagePlan;

function contentSecurityPolicy(scripts: readonly Script[]): string {
  // Pagefind's search runs WebAssembly, which needs 'wasm-unsafe-eval' (and nothing looser).
  const script = scripts.length === 0 ? "'none'" : scripts.includes('search') ? "'self' 'wasm-unsafe-eval'" : "'self'";
  return `default-src 'self'; script-src ${script}; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'`;
}

/**
 * Rows of incident tables by incident object, as UTF-8 bytes. A row shows only listed fields, so it
 * stays right for as long as its incident object does; a dev session keeps one between rebuilds (for
 * the same templates and config), so a metadata edit renders one row of a ten-thousand-row table, not all.
 */
export type RowCache = WeakMap<Listed, Map<string, Buffer>>;

/**
 * The text of a page as the output folder holds it, when its inputs are those it was rendered from
 * (else undefined): a page made of other pages' text (incidents.json) takes theirs, rather than
 * reading every narrative back and serializing it again after a one-file change.
 */
export type PublishedText = (path: string) => string | undefined;

/** A table's rows as asked for by a template: spliced into the page as bytes after it renders. */
interface Rows {
  template: string;
  incidents: readonly Listed[];
  root: string;
}

/**
 * Plans every page of the site from the grouped incidents. Pure: no file system writes, every link
 * relative (`root` climbs back to the site root) so the site works from any sub-path. `related`, when
 * given, must be what `relatedIncidents(site.incidents)` gives (or, in dev mode, what is published
 * until it is); without, it is computed if a page needs it.
 */
export function planSite(
  site: Site,
  config: Config,
  templatesDir = TEMPLATES_DIR,
  related?: RelatedLists,
  rows: RowCache = new WeakMap(),
  published: PublishedText = () => undefined,
): PagePlan[] {
  const eta = new Eta({ views: templatesDir, autoEscape: true, cache: true });
  /** An incident's row in a table of incidents, rendered once per template and root. */
  const row = (template: string, incident: Listed, root: string, key = `${template}\0${root}`): Buffer => {
    let made = rows.get(incident);
    if (!made) rows.set(incident, (made = new Map()));
    let bytes = made.get(key);
    if (bytes === undefined) made.set(key, (bytes = Buffer.from(eta.render(template, { incident, root, href: facetHref, label, filters: incidentFilters }))));
    return bytes;
  };
  // Templates place a table's rows with `it.rows(…)`, which leaves a marker no text can hold by
  // chance (NULs and a random nonce); the rows' bytes replace it. A table of ten thousand rows is
  // then copied once, not concatenated as text and encoded again on every render.
  const nonce = randomBytes(8).toString('hex');
  const marker = new RegExp(`\0rows:${nonce}:(\\d+)\0`);
  const splice = (text: string, tables: readonly Rows[]): FileContent => {
    if (tables.length === 0) return text;
    const pieces: Buffer[] = [];
    text.split(marker).forEach((part, i) => {
      if (i % 2 === 0) {
        pieces.push(Buffer.from(part));
        return;
      }
      const { template, incidents, root } = tables[Number(part)]!;
      const key = `${template}\0${root}`;
      for (const incident of incidents) pieces.push(row(template, incident, root, key));
    });
    return Buffer.concat(pieces);
  };
  /** An incident as published, its narrative read only now: the site does not hold it (see Listed). */
  const whole = (incident: Listed) => wholeIncident(incident, site.narratives.get(incident));
  const common = { site: { title: config.title }, facets: site.facets, href: facetHref, label, plural, utc };
  const base = config.baseUrl ? config.baseUrl.replace(/\/?$/, '/') : '';
  const page: PageFactory = (path, deps, template, given) => ({
    path,
    deps,
    render: () => {
      const data = typeof given === 'function' ? given() : given;
      const depth = path.split('/').length - 1;
      // The 404 page is served at whatever URL was missing, so only an absolute root can find assets.
      const root = path === '404.html' && base ? base : depth === 0 ? './' : '../'.repeat(depth);
      const canonical = base && path !== '404.html' ? base + path.replace(/index\.html$/, '') : '';
      const scripts = (data.scripts as Script[] | undefined) ?? [];
      const tables: Rows[] = [];
      const rows = (template: string, incidents: readonly Listed[], root: string) => `\0rows:${nonce}:${tables.push({ template, incidents, root }) - 1}\0`;
      return splice(eta.render(template, { ...common, rows, root, canonical, current: null, ...data, scripts, csp: contentSecurityPolicy(scripts) }), tables);
    },
  });

  // Shared by several pages, computed once and only if a page that needs them renders.
  const relatedOf = (id: string) => (related ??= relatedIncidents(site.incidents)).get(id) ?? [];
  const plans: PagePlan[] = [];
  plans.push(
    page('index.html', ['incidents', 'corpus', 'facet:networks', 'facet:triggers', 'facet:status'], './index', () => ({
      pageTitle: 'Home',
      description: `${plural(site.incidents.length, 'incident postmortem')}: recent incidents, counts by network, trigger and status, open action items.`,
      ...homeData(site, config),
    })),
    page('incidents/index.html', ['incidents'], './incidents', () => ({
      pageTitle: 'All incidents',
      description: `All ${plural(site.incidents.length, 'incident')}, filterable by network, trigger, status, year, author and tag.`,
      current: 'incidents',
      scripts: ['tables'],
      ...allIncidentsData(site),
    })),
  );
  site.incidents.forEach((incident, index) => {
    plans.push(
      searchable(
        page(`incidents/${incident.id}/index.html`, [`incident:${incident.id}`, `neighbours:${incident.id}`, `related:${incident.id}`], './incident', () => ({
          pageTitle: incident.title,
          description: summaryText(incident),
          ...incidentPageData(whole(incident), incident.brief.timing, relatedOf(incident.id), site.incidents[index - 1], site.incidents[index + 1]),
        })),
      ),
      { path: incidentJsonPath(incident), deps: [`incident:${incident.id}`], render: () => prettyJson(whole(incident)) },
    );
  });
  for (const facet of site.facets) plans.push(...facetPages(facet, page));
  plans.push(...digestPages(site, config, page));
  plans.push(
    page('search/index.html', [], './search', { pageTitle: 'Search', description: 'Search the text of every incident.', current: 'search', scripts: ['search'] }),
    page('404.html', [], './404', { pageTitle: 'Page not found', description: 'There is no page at this address.' }),
  );
  // Sorted, so that an incident moving in the list (a new date) leaves the sitemap as it is.
  const pages = plans.map((p) => p.path).filter((p) => p.endsWith('.html') && p !== '404.html' && p !== 'search/index.html').sort();
  plans.push(
    { path: 'feed.xml', deps: ['incidents', 'corpus'], render: () => atomFeed(site.incidents, site.narratives, config.title, base) },
    // Only the list of pages matters, not what they show: an edit that moves an incident leaves it be.
    { path: 'sitemap.xml', deps: [`pages:${hash(pages.join('\n'))}`], render: () => sitemap(pages, base) },
    {
      path: 'incidents.json',
      deps: ['incidents', 'corpus'],
      // Each item is exactly the incident's own JSON page: the published one when it is current.
      render: () => prettyJsonArray(site.incidents, (incident) => published(incidentJsonPath(incident)) ?? prettyJson(whole(incident))),
    },
    { path: 'assets/style.css', deps: ['assets'], render: () => readFileSync(`${templatesDir}/assets/style.css`, 'utf8') },
    ...SCRIPTS.map((name) => ({ path: `assets/${name}.js`, deps: ['assets'], render: () => readFileSync(`${templatesDir}/assets/${name}.js`, 'utf8') })),
  );
  return plans;
}

/** Renders every planned page. */
export function renderSite(site: Site, config: Config, templatesDir = TEMPLATES_DIR): Array<OutputFile & { content: string }> {
  return planSite(site, config, templatesDir).map((plan) => ({ path: plan.path, content: contentText(plan.render()) }));
}

function facetPages(facet: Facet, page: PageFactory): PagePlan[] {
  const plans = [
    page(`${facet.path}/index.html`, [`facet:${facet.path}`], './facet', {
      pageTitle: facet.title,
      description: `Incidents by ${facet.noun.toLowerCase()}: ${plural(facet.values.length, 'value')}.`,
      facet,
      current: facet.path,
      scripts: ['tables'],
    }),
  ];
  for (const value of facet.values) {
    plans.push(
      page(`${facet.path}/${value.slug}/index.html`, [`facet:${facet.path}/${value.slug}`], './facet-value', {
        pageTitle: `${facet.noun}: ${label(value.label)}`,
        description: `${plural(value.incidents.length, 'incident')} with ${facet.noun.toLowerCase()} ${label(value.label)}.`,
        facet,
        value,
        current: facet.path,
        scripts: ['tables'],
      }),
    );
  }
  return plans;
}

/** The dependency key that names a site's pages (see `pages:` in PagePlan): plans with the same key have the same pages. */
export function pagesKey(plans: readonly PagePlan[]): string {
  const key = plans.findLast((plan) => plan.path === 'sitemap.xml')?.deps[0];
  if (!key?.startsWith('pages:')) throw new Error('These plans have no sitemap naming their pages.');
  return key;
}

function incidentJsonPath(incident: Listed): string {
  return `incidents/${incident.id}.json`;
}
