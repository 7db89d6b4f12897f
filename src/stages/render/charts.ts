import type { MeasureStats, MonthlyCounts, Series } from '../stats.js';
import { escapeXml as esc, formatDuration } from './text.js';

/**
 * Static SVG charts built at build time. Every text and attribute value goes through `esc`, so the
 * markup is safe to include raw. Colours come from CSS classes (s1…s8, axis, median), so the charts
 * follow the light and dark themes.
 */
const r1 = (n: number) => Math.round(n * 10) / 10;

export const MAX_SERIES = 8;

/** At most MAX_SERIES series: the largest keep their own colour, the rest are summed as "others". */
export function foldSeries(series: readonly Series[]): Series[] {
  if (series.length <= MAX_SERIES) return [...series];
  const kept = series.slice(0, MAX_SERIES - 1);
  const rest = series.slice(MAX_SERIES - 1);
  return [...kept, { label: `${rest.length} others`, counts: rest[0]!.counts.map((_, m) => rest.reduce((sum, s) => sum + s.counts[m]!, 0)) }];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Stacked bars of incidents per month; `display` turns a series label into its shown name. */
export function monthlyChart(data: MonthlyCounts, id: string, title: string, display: (label: string) => string): string {
  const series = foldSeries(data.series);
  const W = 720;
  const H = 220;
  const left = 28;
  const bottom = 34;
  const top = 8;
  const plotW = W - left - 8;
  const plotH = H - top - bottom;
  const totals = data.months.map((_, m) => series.reduce((sum, s) => sum + s.counts[m]!, 0));
  const step = Math.max(1, Math.ceil(Math.max(1, ...totals) / 4));
  const yMax = step * Math.ceil(Math.max(1, ...totals) / step);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const slot = plotW / Math.max(1, data.months.length);
  const barW = Math.max(1, slot * 0.8);
  const parts: string[] = [];
  for (let v = 0; v <= yMax; v += step) {
    parts.push(`<line class="grid" x1="${left}" x2="${W - 8}" y1="${r1(y(v))}" y2="${r1(y(v))}"/>`);
    parts.push(`<text class="axis" x="${left - 6}" y="${r1(y(v) + 4)}" text-anchor="end">${v}</text>`);
  }
  data.months.forEach((month, m) => {
    const x = left + m * slot + (slot - barW) / 2;
    let base = 0;
    series.forEach((s, k) => {
      const count = s.counts[m]!;
      if (!count) return;
      parts.push(
        `<rect class="s${k + 1}" x="${r1(x)}" y="${r1(y(base + count))}" width="${r1(barW)}" height="${r1(y(base) - y(base + count))}"><title>${esc(`${month} · ${display(s.label)}: ${count}`)}</title></rect>`,
      );
      base += count;
    });
    const [year, mm] = month.split('-');
    const short = data.months.length <= 18;
    if (short || mm === '01' || m === 0) {
      const cx = r1(left + m * slot + slot / 2);
      const text = short ? MONTHS[Number(mm) - 1]! : year!;
      parts.push(`<text class="axis" x="${cx}" y="${H - bottom + 16}" text-anchor="${short ? 'middle' : 'start'}">${esc(text)}</text>`);
      if (short && (mm === '01' || m === 0)) parts.push(`<text class="axis" x="${cx}" y="${H - bottom + 30}" text-anchor="middle">${esc(year!)}</text>`);
    }
  });
  const first = data.months[0];
  const last = data.months.at(-1);
  const desc = first
    ? `${first} to ${last}: ${series.map((s) => `${display(s.label)} ${s.counts.reduce((a, b) => a + b, 0)}`).join(', ')}.`
    : 'No dated incidents.';
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc">`,
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(desc)}</desc>`,
    `<line class="baseline" x1="${left}" x2="${W - 8}" y1="${top + plotH}" y2="${top + plotH}"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

const MINUTE = 60_000;
const TICKS = [MINUTE, 10 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE, 30 * 24 * 60 * MINUTE];

/**
 * One strip per measure on a shared logarithmic time axis: a dot per incident, a solid mark at the
 * median and a dashed one at p90. Durations span seconds to days, so a linear axis would hide the
 * short ones in a single pixel.
 */
export function distributionChart(stats: readonly MeasureStats[], id: string, title: string): string {
  const rows = stats.filter((s) => s.distribution);
  const values = rows.flatMap((s) => s.samples.map((x) => Math.max(x.value, MINUTE)));
  const lo = Math.min(MINUTE, ...values);
  const hi = Math.max(60 * MINUTE, ...values) * 1.15;
  const W = 720;
  const left = 130;
  const rowH = 54;
  const H = rows.length * rowH + 34;
  const x = (v: number) => left + ((Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (W - left - 16);
  const parts: string[] = [];
  for (const tick of TICKS.filter((t) => t >= lo && t <= hi)) {
    parts.push(`<line class="grid" x1="${r1(x(tick))}" x2="${r1(x(tick))}" y1="4" y2="${H - 28}"/>`);
    parts.push(`<text class="axis" x="${r1(x(tick))}" y="${H - 12}" text-anchor="middle">${esc(formatDuration(tick).replace(/ 00 min$| 0 h$/, ''))}</text>`);
  }
  rows.forEach((row, r) => {
    const d = row.distribution!;
    const mid = 4 + r * rowH + rowH / 2;
    parts.push(`<text class="label" x="0" y="${r1(mid - 3)}">${esc(row.title)}</text>`);
    parts.push(`<text class="axis" x="0" y="${r1(mid + 13)}">n = ${d.n}</text>`);
    row.samples.forEach((sample, i) => {
      const dy = ((i % 3) - 1) * 7;
      parts.push(
        `<circle class="dot" cx="${r1(x(sample.value))}" cy="${r1(mid + dy)}" r="4.5"><title>${esc(`${sample.incident.title}: ${formatDuration(sample.value)}`)}</title></circle>`,
      );
    });
    for (const [cls, value, name] of [['median', d.median, 'median'], ['p90', d.p90, 'p90']] as const) {
      parts.push(
        `<line class="${cls}" x1="${r1(x(value))}" x2="${r1(x(value))}" y1="${r1(mid - 17)}" y2="${r1(mid + 17)}"><title>${esc(`${row.title} ${name}: ${formatDuration(value)}`)}</title></line>`,
      );
    }
  });
  const desc = rows.map((s) => `${s.title}: median ${formatDuration(s.distribution!.median)}, p90 ${formatDuration(s.distribution!.p90)}, n = ${s.distribution!.n}`).join('; ');
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc">`,
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(desc || 'No timeline could be measured.')}</desc>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
