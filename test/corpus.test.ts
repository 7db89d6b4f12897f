import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/core/build.js';
import type { Incident } from '../src/model/incident.generated.js';
import { ROOT } from './helpers/parse.js';

// The 128 real postmortems in ../shared/corpus (see its MANIFEST.tsv), read as written. A fresh clone
// without ../shared skips this suite with a notice; CI has it. PMKB_CORPUS points elsewhere.
const CORPUS = path.resolve(ROOT, process.env.PMKB_CORPUS ?? '../shared/corpus');
const present = existsSync(path.join(CORPUS, 'MANIFEST.tsv'));
if (!present) console.warn(`\n[corpus] ${CORPUS} not found: skipping the real-world corpus test (set PMKB_CORPUS to run it).\n`);

describe.skipIf(!present)('real-world corpus', async () => {
  // vitest still runs a skipped suite's body to collect it: build nothing when the corpus is absent.
  if (!present) return;
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'pmkb-corpus-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  // Extension-less files (cosmos general__2025__0505-github, dfds PM2022-009) are matched by config.
  writeFileSync(path.join(cwd, 'pmkb.config.yaml'), `src: ${JSON.stringify(CORPUS)}\ninclude: ["**/*"]\nexclude: ["MANIFEST.tsv"]\n`);
  const result: BuildResult = await build({ cwd, out: 'site' });
  const source = (s: string) => result.incidents.filter((i) => i.source.path.startsWith(`${s}/`));
  const file = (p: string): Incident[] => result.incidents.filter((i) => i.source.path === p);
  const only = (p: string): Incident => {
    const found = file(p);
    expect(found, p).toHaveLength(1);
    return found[0]!;
  };

  it('reads every file without a crash and accounts for each one', () => {
    expect(result.files).toHaveLength(128);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const silent = result.files.filter((f) => f.incidents === 0 && !result.diagnostics.some((d) => d.file === f.path));
    expect(silent).toEqual([]);
    expect(result.output!.written).toBeGreaterThan(133);
  });

  it('finds the right number of incidents in each source', () => {
    const counts = Object.fromEntries(
      ['cosmos__incidents', 'dastergon__postmortem-templates', 'dfds__postmortems', 'ethereum__pm', 'icco__postmortems', 'prysmaticlabs__documentation', 'rust-lang__blog.rust-lang.org'].map((s) => [s, source(s).length]),
    );
    expect(counts).toEqual({
      cosmos__incidents: 7,
      'dastergon__postmortem-templates': 0,
      dfds__postmortems: 39,
      ethereum__pm: 2,
      icco__postmortems: 60,
      prysmaticlabs__documentation: 15,
      'rust-lang__blog.rust-lang.org': 10,
    });
    expect(file('prysmaticlabs__documentation/testnet-postmortems.md')).toHaveLength(8);
    expect(file('prysmaticlabs__documentation/testnet_postmortems.md')).toHaveLength(7);
  });

  it('skips the empty templates with an informational message', () => {
    const skipped = result.diagnostics.filter((d) => d.ruleId === 'template-skipped').map((d) => d.file);
    expect(skipped).toEqual([
      'dastergon__postmortem-templates/postmortem-template-azure.md',
      'dastergon__postmortem-templates/postmortem-template-elastic.md',
      'dastergon__postmortem-templates/postmortem-template-google-api-infra.md',
      'dastergon__postmortem-templates/postmortem-template-michael.kehoe.md',
      'dastergon__postmortem-templates/postmortem-template-real-world-sre.md',
      'dastergon__postmortem-templates/postmortem-template-srebook.md',
      'dastergon__postmortem-templates/postmortem-template-thecloudbook.md',
      'dfds__postmortems/PMyyyy-nnn - Postmortem template.md',
    ]);
    expect(result.diagnostics.find((d) => d.ruleId === 'template-skipped')!.severity).toBe('info');
  });

  it('gives every incident a real title, and dates most of them', () => {
    for (const incident of result.incidents) expect(incident.title, incident.source.path).not.toBe(path.basename(incident.source.path).replace(/\.md$/, ''));
    const dated = (s: string) => source(s).filter((i) => i.date).length;
    expect([dated('cosmos__incidents'), dated('dfds__postmortems'), dated('ethereum__pm'), dated('icco__postmortems'), dated('prysmaticlabs__documentation'), dated('rust-lang__blog.rust-lang.org')]).toEqual([7, 38, 2, 47, 15, 10]);
  });

  it('reads DFDS table timelines in the zone their note declares (checked by hand)', () => {
    const cet = only('dfds__postmortems/PM2020-001 - Inotify file watches exhaustion.md');
    expect(cet).toMatchObject({ title: 'Inotify file watches exhaustion', date: '2020-01-20' });
    expect(cet.timeline.map((e) => [e.at, e.zone])).toEqual([
      ['2020-01-20T12:50:00Z', 'CET'],
      ['2020-01-22T09:39:00Z', 'CET'],
    ]);
    const utc = only('dfds__postmortems/PM2021-005 - All services returning 503 in Kubernetes.md');
    expect(utc.timeline).toHaveLength(7);
    expect(utc.timeline[0]).toMatchObject({ at: '2021-06-22T08:21:00Z', text: 'VPC CNI replaced by the pipeline' });
    expect(utc.timeline[6]!.at).toBe('2021-06-22T08:46:00Z');
    expect(utc.sections.rootCause!.title).toBe('Contributing Factors');
    expect(utc.actionItems).toHaveLength(3);
    expect(utc.lessons.learned).toHaveLength(4);
    expect(only('dfds__postmortems/PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues').title).toBe('Bad AWS EKS AMI');
  });

  it('turns placeholder times and typo years into warnings on their rows', () => {
    const typos = result.diagnostics.filter((d) => d.file === 'dfds__postmortems/PM2020-003 - Postmortem for ADSync migration.md');
    expect(typos.map((d) => [d.ruleId, d.line])).toEqual([14, 15, 16, 17, 18].map((line) => ['timeline-time-unparseable', line]));
    const placeholders = result.diagnostics.filter((d) => d.file === 'dfds__postmortems/PM2022-006 - ALB 502 errors.md' && d.ruleId === 'timeline-time-unparseable');
    expect(placeholders.map((d) => d.line)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 22]);
  });

  it('reads Cosmos timelines written with month names and military times', () => {
    const spam = only('cosmos__incidents/hub__2025__0127_block_times.md');
    expect(spam.timeline.map((e) => e.at)).toEqual(['2025-01-27T18:50:28Z', '2025-01-27T19:47:42Z', '2025-01-28T10:55:08Z', '2025-01-28T12:08:51Z']);
    const upgrade = only('cosmos__incidents/hub__2025__0207_upgrade.md');
    expect(upgrade).toMatchObject({ date: '2025-02-07', authors: ['Hypha', 'Interchain Labs'], trigger: { category: 'deployment' } });
    expect(upgrade.timeline).toHaveLength(19);
    expect(upgrade.timeline[0]!.at).toBe('2025-02-07T15:06:00Z');
    expect(upgrade.timeline.find((e) => e.raw.startsWith('Feb 8 0117'))!.at).toBe('2025-02-08T01:17:00Z');
  });

  it('reads Ethereum timelines whose headings carry days and times (counted by hand)', () => {
    const holesky = only('ethereum__pm/holesky-postmortem.md');
    expect(holesky).toMatchObject({ title: 'Holešky Pectra Incident Post-Mortem', date: '2025-03-20', status: 'resolved', authors: ['Tim Beiko', 'Mario Havel'] });
    expect(holesky.timeline).toHaveLength(79);
    const sepolia = only('ethereum__pm/sepolia-postmortem.md');
    expect(sepolia.timeline).toHaveLength(56);
    // "1:42" listed under the heading "1:42-1:59 PM" is in the afternoon.
    expect(sepolia.timeline.find((e) => e.raw.startsWith('1:44:'))!.at).toBe('2025-03-05T13:44:00Z');
  });

  it('reads Zola posts with TOML front matter, dating them from the timeline or the post path', () => {
    const docs = only('rust-lang__blog.rust-lang.org/docsrs-outage-postmortem.md');
    expect(docs).toMatchObject({ title: 'docs.rs outage postmortem', authors: ['Pietro Albini'] });
    expect(docs.timeline).toHaveLength(13);
    // "Unless otherwise noted all events happened on 2019-10-21, and all times are in UTC."
    expect(docs.timeline.slice(0, 2).map((e) => e.at)).toEqual(['2019-10-20T00:55:00Z', '2019-10-21T01:38:00Z']);
    expect(only('rust-lang__blog.rust-lang.org/crates-io-malware-postmortem.md').date).toBe('2023-09-01');
  });

  it('titles and dates icco summaries from their front matter, URL or company', () => {
    expect(only('icco__postmortems/090ac94f-65d7-49cc-9e5d-1c8c000b2042.md')).toMatchObject({
      title: 'Zerodha Order Management System overload on August 29, 2019',
      date: '2019-08-29',
      tags: ['cloud', 'Zerodha'],
    });
    expect(only('icco__postmortems/ecd98ce8-09ec-47d7-be67-d3edfad9fead.md')).toMatchObject({
      title: 'VZaar: Mondays outage what happened how well prevent it from happening again',
      date: '2017-02-22',
    });
  });
});
