import { describe, expect, it } from 'vitest';
import { timingOf } from '../../src/stages/timing.js';
import { canonical, utcTimeline } from '../helpers/incidents.js';

const MIN = 60_000;
const withTimeline = (entries: string[], day = '2024-03-12') =>
  canonical({ title: 'Timing case', date: day }, { Timeline: utcTimeline(day, entries) });

describe('timing rules', () => {
  it('measures duration, time to detect and time to resolve from the timeline instants', () => {
    const t = timingOf(
      withTimeline(['09:00 The certificate expires.', '09:04 The probe pages the on-call engineer.', '09:30 A fix is deployed.', '09:47 Error rates are back to normal.', '10:15 Postmortem meeting.']),
    );
    expect(t.start).toBe('2024-03-12T09:00:00Z');
    expect(t.duration).toBe(75 * MIN);
    expect(t.timeToDetect).toBe(4 * MIN);
    expect(t.detected).toEqual({ at: '2024-03-12T09:04:00Z', index: 1 });
    expect(t.timeToResolve).toBe(47 * MIN);
    expect(t.resolved?.index).toBe(3);
  });

  it('gives no time to detect when the timeline starts with the detection', () => {
    const t = timingOf(withTimeline(['03:07 We receive an alert for missed finality.', '05:00 Nodes are healthy again.']));
    expect(t.detected?.index).toBe(0);
    expect(t.timeToDetect).toBeNull();
    expect(t.timeToResolve).toBe(113 * MIN);
  });

  it('ignores negated resolutions and takes the last real one', () => {
    const t = timingOf(
      withTimeline(['10:00 Deploy starts.', '10:05 Alert fires.', '10:20 Restarted, but the problem is not resolved.', '10:40 Service restored.', '11:00 Still restored; all nodes are healthy.']),
    );
    expect(t.resolved?.index).toBe(4);
    expect(t.timeToResolve).toBe(60 * MIN);
  });

  it('does not take a resolution that comes before the detection', () => {
    const t = timingOf(withTimeline(['10:00 Deploy starts.', '10:05 An old ticket is resolved.', '10:10 Users notice errors.', '10:30 Investigation ends.']));
    expect(t.timeToDetect).toBe(10 * MIN);
    expect(t.resolved).toBeNull();
    expect(t.timeToResolve).toBeNull();
  });

  it('measures to the end of a range and across midnight', () => {
    const incident = canonical(
      { title: 'Across days', date: '2019-11-21' },
      { Timeline: ['2019-11-21 (all times UTC)', '', '- 23:35 Blocks stop.', '', '2019-11-22 (all times UTC)', '', '- 00:58~01:04 Finality returns.'].join('\n') },
    );
    expect(timingOf(incident).duration).toBe(89 * MIN);
  });

  it('says nothing when the timeline has fewer than two instants', () => {
    for (const incident of [canonical({ title: 'No timeline', date: '2024-01-01' }), withTimeline(['09:00 The only entry, an alert.'])]) {
      const t = timingOf(incident);
      expect([t.duration, t.timeToDetect, t.timeToResolve]).toEqual([null, null, null]);
    }
  });
});
