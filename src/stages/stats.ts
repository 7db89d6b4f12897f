import type { Listed } from '../model/site.js';

export interface Series {
  label: string;
  /** One count per month of `MonthlyCounts.months`. */
  counts: number[];
}

export interface MonthlyCounts {
  /** Every month from the first dated incident's to the last's, "YYYY-MM", gaps included. */
  months: string[];
  /** Largest first, ties by label. */
  series: Series[];
  /** Incidents without a date, which no month can show. */
  undated: number;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Incidents per calendar month, split by one value of each incident (its network, its trigger…). */
export function monthlyCounts(incidents: readonly Listed[], valueOf: (i: Listed) => string): MonthlyCounts {
  const dated = incidents.filter((i): i is Listed & { date: string } => Boolean(i.date));
  const keys = dated.map((i) => i.date.slice(0, 7)).sort();
  const months: string[] = [];
  if (keys.length) for (let m = keys[0]!; m <= keys.at(-1)!; m = nextMonth(m)) months.push(m);
  const byLabel = new Map<string, number[]>();
  for (const incident of dated) {
    const label = valueOf(incident);
    const counts = byLabel.get(label) ?? months.map(() => 0);
    counts[months.indexOf(incident.date.slice(0, 7))]!++;
    byLabel.set(label, counts);
  }
  const total = (s: Series) => s.counts.reduce((a, b) => a + b, 0);
  const series = [...byLabel].map(([label, counts]) => ({ label, counts })).sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label, 'en'));
  return { months, series, undated: incidents.length - dated.length };
}

export interface Distribution {
  n: number;
  min: number;
  median: number;
  p90: number;
  max: number;
}

/**
 * Summary of a sample without assuming its shape. Median: the middle value (the mean of the two
 * middle ones for an even count). p90: nearest rank, the smallest value at least 90% of the sample
 * is at or below — always one of the observed values.
 */
export function distribution(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { n, min: sorted[0]!, median, p90: sorted[Math.ceil(0.9 * n) - 1]!, max: sorted[n - 1]! };
}

export type Measure = 'duration' | 'timeToDetect' | 'timeToResolve';
export const MEASURES: Record<Measure, string> = { duration: 'Duration', timeToDetect: 'Time to detect', timeToResolve: 'Time to resolve' };

export interface MeasureStats {
  measure: Measure;
  title: string;
  /** Each incident the timeline lets us measure, with its value in milliseconds. */
  samples: Array<{ incident: Listed; value: number }>;
  distribution: Distribution | null;
}

/** Durations, times to detect and times to resolve across incidents, each only where derivable. */
export function timingStats(incidents: readonly Listed[]): MeasureStats[] {
  return (Object.keys(MEASURES) as Measure[]).map((measure) => {
    const samples = incidents.flatMap((incident) => {
      const value = incident.brief.timing[measure];
      return value === null ? [] : [{ incident, value }];
    });
    return { measure, title: MEASURES[measure], samples, distribution: distribution(samples.map((s) => s.value)) };
  });
}
