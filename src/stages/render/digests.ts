import type { Config } from '../../config/config.js';
import type { Listed, Site } from '../../model/site.js';
import { actionDigest, lessonDigest, referenceDate, type ActionRow } from '../digests.js';
import { slugify } from '../extract/normalize.js';
import { FACETS, labelSlug } from '../indexes.js';
import type { PageFactory, PagePlan } from '../render.js';
import { monthlyCounts, timingStats } from '../stats.js';
import { distributionChart, foldSeries, monthlyChart } from './charts.js';
import { sectionHref } from './incident.js';
import { formatAge, formatDuration, label, plural, summaryText } from './text.js';

/** Pages that collect across incidents read every incident's content, not just the listed fields. */
const ACROSS = ['incidents', 'corpus'];
const RECENT = 6;
const HOME_ACTIONS = 6;

interface FilterOption {
  value: string;
  label: string;
  count: number;
}

/** Each incident's facet values as slugs, for the filter script to match rows against. */
export function incidentFilters(incident: Listed): Record<string, string> {
  return Object.fromEntries(FACETS.map((f) => [f.path, [...new Set(f.values(incident).map(labelSlug))].join(' ')]));
}

/** The all-incidents table: every incident with its filter values, and a filter per facet. */
export function allIncidentsData(site: Site) {
  return {
    incidents: site.incidents,
    filters: site.facets
      .filter((f) => f.values.length > 0)
      .map((f) => ({ name: f.path, label: f.noun, options: f.values.map((v) => ({ value: v.slug, label: label(v.label), count: v.incidents.length })) })),
  };
}

function countOptions(values: string[], display: (v: string) => string): FilterOption[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en')).map(([value, count]) => ({ value: slugify(value), label: display(value), count }));
}

function actionView(row: ActionRow) {
  return { ...row, age: row.ageDays === null ? null : formatAge(row.ageDays), href: `incidents/${row.incident.id}/`, ownerSlug: row.owner ? slugify(row.owner) : '' };
}

export function homeData(site: Site, config: Config) {
  const reference = referenceDate(site.incidents, config.now);
  const open = actionDigest(site.incidents, reference).filter((row) => row.status === 'open');
  // Newest incidents' items first: the home page shows what was decided most recently.
  const rank = new Map(site.incidents.map((incident, n) => [incident, n]));
  open.sort((a, b) => rank.get(a.incident)! - rank.get(b.incident)!);
  const years = site.incidents.flatMap((i) => (i.date ? [i.date.slice(0, 4)] : [])).sort();
  return {
    incidents: site.incidents,
    recent: site.incidents.slice(0, RECENT).map((incident) => ({ incident, summary: summaryText(incident, 180) })),
    summaryFacets: site.facets.filter((f) => ['networks', 'triggers', 'status'].includes(f.path)),
    openActions: open.slice(0, HOME_ACTIONS).map(actionView),
    openCount: open.length,
    span: years.length ? (years[0] === years.at(-1) ? years[0] : `${years[0]}–${years.at(-1)}`) : null,
  };
}

/** The cross-incident pages: lessons, action items and stats. */
export function digestPages(site: Site, config: Config, page: PageFactory): PagePlan[] {
  return [
    page('lessons/index.html', ACROSS, './lessons', () => ({
      pageTitle: 'Lessons',
      description: `What went well, what went wrong and where we got lucky, across ${plural(site.incidents.length, 'incident')}.`,
      current: 'lessons',
      groups: lessonDigest(site.incidents),
      lessonsHref: (incident: Listed) => sectionHref(incident, 'lessons'),
    })),
    page('actions/index.html', ACROSS, './actions', () => {
      const reference = referenceDate(site.incidents, config.now);
      const actions = actionDigest(site.incidents, reference).map(actionView);
      return {
        pageTitle: 'Action items',
        description: `${plural(actions.length, 'action item')} from every incident, open first, with owner, status and age.`,
        current: 'actions',
        scripts: ['tables'],
        actions,
        reference,
        configuredNow: Boolean(config.now),
        filters: [
          { name: 'status', label: 'Status', options: countOptions(actions.map((a) => a.status ?? 'not stated'), (v) => label(v)) },
          { name: 'owner', label: 'Owner', options: countOptions(actions.flatMap((a) => (a.owner ? [a.owner] : [])), (v) => v) },
        ],
      };
    }),
    page('stats/index.html', ACROSS, './stats', () => statsData(site)),
  ];
}

function statsData(site: Site) {
  const stats = timingStats(site.incidents);
  const byNetwork = monthlyCounts(site.incidents, (i) => i.network ?? 'unspecified');
  const byTrigger = monthlyCounts(site.incidents, (i) => i.trigger.category);
  const monthly = [
    { id: 'by-network', title: 'Incidents per month by network', data: byNetwork },
    { id: 'by-trigger', title: 'Incidents per month by trigger category', data: byTrigger },
  ].map((chart) => ({
    ...chart,
    svg: monthlyChart(chart.data, chart.id, chart.title, label),
    legend: foldSeries(chart.data.series).map((s) => ({ label: label(s.label), total: s.counts.reduce((a, b) => a + b, 0) })),
    rows: chart.data.months.map((month, m) => ({ month, counts: chart.data.series.map((s) => s.counts[m]!) })).filter((r) => r.counts.some(Boolean)),
  }));
  return {
    pageTitle: 'Stats',
    description: 'Incidents per month by network and trigger category; durations, time to detect and time to resolve as distributions.',
    current: 'stats',
    incidents: site.incidents,
    monthly,
    undated: byNetwork.undated,
    stats,
    perIncident: site.incidents
      .map((incident) => ({ incident, href: sectionHref(incident, 'timeline'), timing: incident.brief.timing }))
      .filter((row) => row.timing.duration !== null || row.timing.timeToDetect !== null || row.timing.timeToResolve !== null),
    distributionSvg: distributionChart(stats, 'durations', 'Duration, time to detect and time to resolve per incident'),
    formatDuration,
  };
}
