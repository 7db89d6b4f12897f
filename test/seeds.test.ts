import { describe, expect, it } from 'vitest';
import { parse, readFixture } from './helpers/parse.js';

// The two founding documents, read from their unchanged copies in postmortems/.
const collection = parse(readFixture('postmortems/testnet-postmortems.md'), 'testnet-postmortems.md');
const incidents = collection.incidents.map((e) => e.incident);
const byNumber = (n: number) => incidents.find((i) => i.title.endsWith(`(Incident #${n})`))!;

describe('seed 000: Docusaurus page with seven incidents', () => {
  it('becomes seven incidents, newest section first, with titles as written', () => {
    expect(incidents.map((i) => i.title)).toEqual([
      'Not Receiving P2P Blocks (Incident #7)',
      'Chain Stuck at Genesis (Incident #6)',
      'Rapid P2P Message Drop (Incident #5)',
      'Mutex Deadlock Cascading Failures (Incident #4)',
      'Finality Decreased! (Incident #3)',
      'Goerli / PoW Nodes Offline Killed Testnet (Incident #2)',
      'Testnet Large Finality Gap Postmortem (Incident #1)',
    ]);
    expect(new Set(incidents.map((i) => i.id)).size).toBe(7);
    expect(byNumber(7).id).toBe('not-receiving-p2p-blocks-incident-7');
  });

  it('reads every date format the page uses', () => {
    expect(incidents.map((i) => i.date)).toEqual(['2020-04-18', '2019-01-09', '2019-11-26', '2019-11-23', '2019-11-21', '2019-10-30', '2019-10-27']);
  });

  it('normalizes statuses and keeps them as written', () => {
    expect(incidents.map((i) => [i.status, i.statusText])).toEqual([
      ['resolved', 'Root cause identified, resolved'],
      ['resolved', 'Solved - root cause identified: https://github.com/prysmaticlabs/qrysm/issues/4526#issuecomment-573828747'],
      ['investigating', 'Root Cause Under Investigation'],
      ['investigating', 'Root cause under investigation'],
      ['mitigated', 'Mitigated; In root cause investigation'],
      ['resolved', 'Action items in progress'],
      ['draft', 'Draft'],
    ]);
  });

  it('takes authors, network and references from the field lines', () => {
    expect(byNumber(7)).toMatchObject({ network: 'Topaz', authors: ['Preston', 'Raul'] });
    expect(byNumber(7).references).toEqual([
      'https://github.com/prysmaticlabs/qrysm/issues/5476',
      'https://github.com/prysmaticlabs/qrysm/issues/5491',
    ]);
    expect(byNumber(4).authors).toEqual(['Raul Jordan', 'Nishant Das']);
    expect(byNumber(2).authors).toEqual(['Preston', 'Nishant']);
    expect(byNumber(6).network).toBe('unspecified');
  });

  it('puts the canary rollouts in one trigger category and "Yet to Be Determined" in unknown', () => {
    expect(byNumber(4).trigger.category).toBe('deployment');
    expect(byNumber(1).trigger.category).toBe('deployment');
    expect(byNumber(5).trigger).toEqual({ category: 'unknown', text: 'Yet to Be Determined' });
    expect(byNumber(2).trigger.category).toBe('external-dependency');
    expect(byNumber(6).trigger.category).toBe('scheduled-event');
    expect(byNumber(7).trigger.category).toBe('restart');
  });

  it('keeps every field and #### section', () => {
    const seven = byNumber(7).sections;
    expect(Object.keys(seven)).toEqual(['summary', 'impact', 'rootCause', 'trigger', 'resolution', 'detection', 'lessons', 'timeline']);
    // The **Root Causes:** line and the #### Root Cause section are one section.
    expect(seven.rootCause!.markdown).toContain('There was a race condition from the sync service');
    expect(seven.rootCause!.markdown).toContain('Regular sync topic subscription was using a `forkDigest` of zero');
    expect(byNumber(6).sections.supporting!.html).toContain('<pre><code>diff --git');
    expect(byNumber(3).sections.actionItems!.markdown).toContain('Confirm finality roll back is normal');
    expect(byNumber(3).actionItems).toEqual([{ text: 'Confirm finality roll back is normal' }]);
  });

  it('sorts lessons into went well, went wrong and got lucky', () => {
    expect(byNumber(3).lessons.wentWell).toEqual([
      'The ability to extract offender DB and play back these scenarios is very helpful',
      'Promzondeus graphs helped to narrow down the problem',
    ]);
    expect(byNumber(2).lessons.wentWrong).toHaveLength(3);
    expect(byNumber(2).lessons.gotLucky).toEqual([expect.stringContaining('single point of failure with PoW')]);
    expect(byNumber(5).lessons.wentWell).toEqual([]);
    expect(byNumber(5).lessons.wentWrong).toEqual([expect.stringMatching(/^There wasn’t an obvious trigger/)]);
  });

  it('extracts every timeline entry', () => {
    expect(incidents.map((i) => i.timeline.length)).toEqual([8, 20, 16, 33, 16, 18, 21]);
  });

  it('applies a zone declared in a day header to the entries under it: 03:07 CST is 09:07 UTC', () => {
    const first = byNumber(4).timeline[0]!;
    expect(first).toMatchObject({
      at: '2019-11-23T09:07:00Z',
      local: '2019-11-23T03:07:00-06:00',
      day: '2019-11-23',
      time: '03:07',
      zone: 'Central Standard Time',
      text: 'We receive an alert on discord for > 10 epochs since finality in the network',
      raw: '03:07 - We receive an alert on discord for > 10 epochs since finality in the network',
    });
    // A later day header without a zone keeps the zone declared above it.
    expect(byNumber(4).timeline.find((e) => e.raw.startsWith('18:00'))!.at).toBe('2019-11-25T00:00:00Z');
  });

  it('keeps approximate times, ranges and entries without a time', () => {
    const two = byNumber(2).timeline.find((e) => e.raw.startsWith('~13:55'))!;
    expect(two).toMatchObject({ at: '2019-10-30T13:55:00Z', approximate: true, time: '~13:55' });
    const range = byNumber(3).timeline[1]!;
    expect(range).toMatchObject({ at: '2019-11-21T23:35:26Z', end: '2019-11-21T23:36:50Z', text: 'No blocks received.' });
    const untimed = byNumber(6).timeline[0]!;
    expect(untimed).toMatchObject({ at: null, day: '2019-01-09', time: null, text: '8 prod nodes are online several hours before genesis time.' });
  });

  it('warns that incident #5 is dated 26/11/2019 while its timeline says 2019-01-01 (in validation)', () => {
    // The extractor only records that the date was stated; the warning is covered in validate.test.ts.
    expect(collection.incidents.find((e) => e.incident.title.includes('#5'))!.dateStated).toBe(true);
    expect(collection.diagnostics).toEqual([]);
  });
});

describe('seed 004: Jekyll post told in prose', () => {
  const post = parse(readFixture('postmortems/2019-11-08-missed-endorsement.md'), '2019-11-08-missed-endorsement.md');

  it('becomes one incident titled from the front matter, dated from the title', () => {
    expect(post.incidents).toHaveLength(1);
    const incident = post.incidents[0]!.incident;
    expect(incident).toMatchObject({ title: '2019-11-08 Incident: missed endorsment', date: '2019-11-08', status: 'unknown', statusText: null, timeline: [] });
    expect(post.diagnostics).toEqual([]);
  });

  it('keeps its body sections in order', () => {
    const incident = post.incidents[0]!.incident;
    expect(incident.otherSections.map((s) => s.title)).toEqual(['Incident report', 'Logs', 'Signer forwarder', 'Baker node init container']);
    expect(incident.otherSections[1]!.html).toContain('Rpc request failed');
  });
});
