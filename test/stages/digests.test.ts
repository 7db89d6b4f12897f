import { describe, expect, it } from 'vitest';
import { actionDigest, lessonDigest, referenceDate } from '../../src/stages/digests.js';
import { buildSite } from '../../src/stages/indexes.js';
import { distribution, monthlyCounts, timingStats } from '../../src/stages/stats.js';
import { canonical, listedOf, utcTimeline } from '../helpers/incidents.js';

const older = canonical(
  { title: 'Older outage', date: '2023-01-10', network: 'Mainnet' },
  {
    'Action Items': '- [ ] Add an alert (owner: Ana)\n- [x] Roll back (owner: Bo)\n- Write a runbook',
    'Lessons Learned': '### What went well\n- The rollback was quick.\n\n### What went wrong\n- Nobody was paged.',
    Timeline: utcTimeline('2023-01-10', ['10:00 Deploy starts.', '10:30 Alert fires.', '12:00 Service restored.']),
  },
);
const newer = canonical(
  { title: 'Newer outage', date: '2023-03-02', network: 'Testnet', trigger: { category: 'load' } },
  {
    'Action Items': '- [ ] Add capacity (owner: Bo)',
    'Lessons Learned': '### What went wrong\n- Autoscaling was off.\n- Dashboards lagged.',
    Timeline: utcTimeline('2023-03-02', ['08:00 Traffic spikes.', '08:10 A user reports errors.', '08:20 Alert fires.', '09:00 Back to normal.']),
  },
);
const undated = canonical({ title: 'Undated outage', network: 'Mainnet' }, { Summary: 'Something broke.' });
const site = buildSite([older, newer, undated]);

describe('action items digest', () => {
  it('counts ages to the newest incident date unless a date is configured, never to the clock', () => {
    expect(referenceDate(site.incidents)).toBe('2023-03-02');
    expect(referenceDate(site.incidents, '2024-01-01')).toBe('2024-01-01');
    expect(referenceDate([listedOf(undated)])).toBeNull();
  });

  it('lists open items first (oldest first), then unstated, then done, each with its incident and age', () => {
    const rows = actionDigest(site.incidents, '2023-03-02');
    expect(rows.map((r) => [r.text, r.owner, r.status, r.incident.title, r.ageDays])).toEqual([
      ['Add an alert', 'Ana', 'open', 'Older outage', 51],
      ['Add capacity', 'Bo', 'open', 'Newer outage', 0],
      ['Write a runbook', null, null, 'Older outage', 51],
      ['Roll back', 'Bo', 'done', 'Older outage', 51],
    ]);
  });
});

describe('lessons digest', () => {
  it('groups every lesson by kind, newest incident first, and leaves out empty kinds', () => {
    const groups = lessonDigest(site.incidents);
    expect(groups.map((g) => [g.title, g.count, g.incidents.map((i) => i.incident.title)])).toEqual([
      ['What went well', 1, ['Older outage']],
      ['What went wrong', 3, ['Newer outage', 'Older outage']],
    ]);
    expect(groups[1]!.incidents[0]!.items).toEqual(['Autoscaling was off.', 'Dashboards lagged.']);
  });
});

describe('stats', () => {
  it('takes the median and a nearest-rank p90 that is always an observed value', () => {
    expect(distribution([])).toBeNull();
    expect(distribution([5])).toEqual({ n: 1, min: 5, median: 5, p90: 5, max: 5 });
    expect(distribution([4, 1, 3, 2])).toMatchObject({ median: 2.5, p90: 4 });
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(distribution(ten)).toMatchObject({ median: 5.5, p90: 9, min: 1, max: 10 });
    expect(distribution([...ten, 100])).toMatchObject({ median: 6, p90: 10 });
  });

  it('counts incidents per month with the empty months in between, and counts the undated apart', () => {
    const counts = monthlyCounts(site.incidents, (i) => i.network ?? 'unspecified');
    expect(counts.months).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(counts.series).toEqual([
      { label: 'Mainnet', counts: [1, 0, 0] },
      { label: 'Testnet', counts: [0, 0, 1] },
    ]);
    expect(counts.undated).toBe(1);
  });

  it('measures only incidents whose timeline allows it', () => {
    const [duration, detect, resolve] = timingStats(site.incidents);
    expect(duration!.samples.map((s) => [s.incident.title, s.value / 60_000])).toEqual([
      ['Newer outage', 60],
      ['Older outage', 120],
    ]);
    expect(detect!.distribution).toMatchObject({ n: 2, median: 20 * 60_000, p90: 30 * 60_000 });
    expect(detect!.samples.map((s) => s.value / 60_000)).toEqual([10, 30]);
    expect(resolve!.samples.map((s) => s.value / 60_000)).toEqual([60, 120]);
    expect(resolve!.distribution).toEqual({ n: 2, min: 3_600_000, median: 5_400_000, p90: 7_200_000, max: 7_200_000 });
  });
});
