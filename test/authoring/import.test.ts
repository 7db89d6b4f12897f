import type { Nodes } from 'mdast';
import { afterAll, describe, expect, it } from 'vitest';
import { importPostmortems } from '../../src/authoring/import.js';
import { build } from '../../src/core/build.js';
import type { Incident } from '../../src/model/incident.generated.js';
import { parseMarkdown } from '../../src/stages/markdown.js';
import { readFixture } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';

const SAME = ['id', 'title', 'date', 'status', 'statusText', 'network', 'authors', 'severity', 'tags', 'trigger', 'references', 'lessons', 'actionItems'] as const;
const IDS = [
  '2019-11-08-incident-missed-endorsment',
  'chain-stuck-at-genesis-incident-6',
  'finality-decreased-incident-3',
  'goerli-pow-nodes-offline-killed-testnet-incident-2',
  'mutex-deadlock-cascading-failures-incident-4',
  'not-receiving-p2p-blocks-incident-7',
  'rapid-p2p-message-drop-incident-5',
  'testnet-large-finality-gap-postmortem-incident-1',
];

/** The words of a section as a reader sees them: text of every node, table body cells one by one. */
function words(markdown: string): string[] {
  const texts: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'table') return node.children.slice(1).forEach(walk);
    if ('value' in node && node.type !== 'html') texts.push(node.value);
    if ('children' in node) node.children.forEach(walk);
  };
  walk(parseMarkdown(markdown));
  return texts.join(' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const narrative = (incident: Incident) => new Map([...Object.entries(incident.sections), ...incident.otherSections.map((s) => [s.title, s] as const)].map(([k, s]) => [k, s!.markdown]));

describe('pmkb import of both seeds', async () => {
  const project = tempProject({
    'legacy/testnet-postmortems.md': readFixture('postmortems/testnet-postmortems.md'),
    'legacy/2019-11-08-missed-endorsement.md': readFixture('postmortems/2019-11-08-missed-endorsement.md'),
  });
  afterAll(() => project.remove());
  const imported = await importPostmortems({ cwd: project.dir, inputs: ['legacy'] });
  const originals = await build({ cwd: project.dir, paths: ['legacy'], write: false });
  const rebuilt = await build({ cwd: project.dir, write: false });
  const copyOf = (incident: Incident) => rebuilt.incidents.find((i) => i.id === incident.id)!;

  it('writes one file per incident into the source folder, named by id', () => {
    expect(imported.files.map((f) => f.shown).sort()).toEqual(IDS.map((id) => `postmortems/${id}.md`));
    expect(rebuilt.files.map((f) => [f.path, f.incidents])).toEqual(IDS.map((id) => [`${id}.md`, 1]));
    // The only problem is the originals' own: incident #5's date disagrees with its timeline.
    expect(imported.diagnostics.map((d) => [d.ruleId, d.file, d.line])).toEqual([['date-timeline-mismatch', 'legacy/testnet-postmortems.md', 157]]);
    expect(rebuilt.diagnostics.map((d) => [d.ruleId, d.file])).toEqual([['date-timeline-mismatch', 'rapid-p2p-message-drop-incident-5.md']]);
  });

  it('builds to the same model as the originals, field by field', () => {
    expect(originals.incidents).toHaveLength(8);
    for (const original of originals.incidents) {
      const copy = copyOf(original);
      expect(copy, original.id).toBeDefined();
      for (const key of SAME) expect(copy[key], `${original.id}: ${key}`).toEqual(original[key]);
      const moments = (i: Incident) => i.timeline.map((e) => ({ at: e.at, end: e.end ?? null, day: e.day, text: e.text }));
      expect(moments(copy), `${original.id}: timeline`).toEqual(moments(original));
      expect(Object.keys(copy.sections), `${original.id}: sections`).toEqual(Object.keys(original.sections));
      expect(copy.otherSections.map((s) => s.title), `${original.id}: other sections`).toEqual(original.otherSections.map((s) => s.title));
    }
  });

  it('keeps every word of every section', () => {
    for (const original of originals.incidents) {
      const copied = narrative(copyOf(original));
      for (const [key, markdown] of narrative(original)) {
        const left = new Map<string, number>();
        for (const w of words(copied.get(key) ?? '')) left.set(w, (left.get(w) ?? 0) + 1);
        const missing = words(markdown).filter((w) => {
          const n = left.get(w) ?? 0;
          left.set(w, n - 1);
          return n <= 0;
        });
        expect(missing, `${original.id}: ${key}`).toEqual([]);
      }
    }
  });

  it('writes the id, the status as written, and day lines naming the zone each entry was read in', () => {
    const four = project.read('postmortems/mutex-deadlock-cascading-failures-incident-4.md');
    expect(four).toMatch(/^---\nid: mutex-deadlock-cascading-failures-incident-4\ntitle: "Mutex Deadlock Cascading Failures \(Incident #4\)"\ndate: 2019-11-23\nstatus: Root cause under investigation\n/);
    expect(four).toContain('trigger:\n  category: deployment\n  text: Canary rollout into production with commit 2f392544a6586ed7a4235a4550a2ad91dfa4a60d\n');
    expect(four).toContain('2019-11-23 (all times Central Standard Time)\n\n- 03:07 We receive an alert on discord');
    // "11/24/2019" declared no zone; its entries were read in the one declared above it.
    expect(four).toContain('2019-11-24 (all times Central Standard Time)\n\n- 18:00 Alert received');
    expect(four).not.toContain('11/24/2019');
  });

  it('gives lessons split over several legacy sections their bucket headings back', () => {
    const five = project.read('postmortems/rapid-p2p-message-drop-incident-5.md');
    expect(five).toContain('## Lessons Learned\n\n**What went wrong**\nThere wasn’t an obvious trigger');
    expect(five).toContain('### Where we got lucky\n\n- Blocks were still being produced');
  });

  it('refuses to overwrite, prints instead with --dry-run, and replaces with --force', async () => {
    const before = project.read('postmortems/finality-decreased-incident-3.md');
    project.write('postmortems/finality-decreased-incident-3.md', `${before}\nEdited by hand.\n`);
    const again = await importPostmortems({ cwd: project.dir, inputs: ['legacy'] });
    expect(again.files).toEqual([]);
    expect(again.diagnostics.filter((d) => d.ruleId === 'output-exists')).toHaveLength(8);
    expect(project.read('postmortems/finality-decreased-incident-3.md')).toContain('Edited by hand.');

    const dry = await importPostmortems({ cwd: project.dir, inputs: ['legacy'], out: 'preview', dryRun: true });
    expect(dry.files).toHaveLength(8);
    expect(dry.files.find((f) => f.id === 'finality-decreased-incident-3')!.text).toBe(before);
    expect(project.exists('preview')).toBe(false);

    const forced = await importPostmortems({ cwd: project.dir, inputs: ['legacy'], force: true });
    expect(forced.files).toHaveLength(8);
    expect(project.read('postmortems/finality-decreased-incident-3.md')).toBe(before);
  });
});

describe('pmkb import of other legacy shapes', () => {
  it('writes the zone a timeline was assumed to be in, so it no longer depends on defaultZone', async () => {
    const project = tempProject({ 'old/outage.md': '# Outage\n\n**Date:** 2024-01-01\n\n## Timeline\n\n2024-01-01\n\n- 10:00 It broke.\n' });
    const result = await importPostmortems({ cwd: project.dir, inputs: ['old'] });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['timeline-zone-missing']);
    expect(project.read('postmortems/outage.md')).toContain('2024-01-01 (all times UTC)\n\n- 10:00 It broke.');
    project.write('pmkb.config.yaml', 'defaultZone: Asia/Tokyo\n');
    const rebuilt = await build({ cwd: project.dir, write: false });
    expect(rebuilt.diagnostics).toEqual([]);
    expect(rebuilt.incidents[0]!.timeline[0]!.at).toBe('2024-01-01T10:00:00Z');
    project.remove();
  });

  it('leaves the date out when it came from the timeline, so entries before the first day stay undated', async () => {
    const project = tempProject({ 'old/outage.md': '# Outage\n\n## Timeline\n\nAll times UTC.\n\n- 09:00 Before any day.\n\n2024-01-02\n\n- 10:00 It broke.\n' });
    const result = await importPostmortems({ cwd: project.dir, inputs: ['old/outage.md'] });
    expect(result.diagnostics).toEqual([]);
    const text = project.read('postmortems/outage.md');
    expect(text).toContain('\ndate:\n');
    expect(text).toContain('All times UTC.\n\n- 09:00 Before any day.\n\n2024-01-02 (all times UTC)\n\n- 10:00 It broke.');
    const [incident] = (await build({ cwd: project.dir, write: false })).incidents;
    expect(incident).toMatchObject({ date: '2024-01-02', timeline: [{ at: null, day: null }, { at: '2024-01-02T10:00:00Z' }] });
    project.remove();
  });

  it('deepens headings inside a section so they stay in it', async () => {
    const project = tempProject({ 'old/post.md': '# Summary\n\nIt broke.\n\n## Details\n\nMore.\n\nWhy it broke\n------------\n\nA bug.\n' });
    const original = (await build({ cwd: project.dir, paths: ['old'], write: false })).incidents[0]!;
    expect(original.sections.summary!.markdown).toContain('## Details');
    await importPostmortems({ cwd: project.dir, inputs: ['old'] });
    const copy = (await build({ cwd: project.dir, write: false })).incidents[0]!;
    expect(copy.sections.summary!.markdown).toBe('It broke.\n\n### Details\n\nMore.\n\n### Why it broke\n\nA bug.');
    expect(copy.otherSections).toEqual(original.otherSections);
    project.remove();
  });

  it('writes lessons one per bullet, escaped where needed, when the legacy layout cannot be kept', async () => {
    const project = tempProject({ 'old/post.md': '# Outage\n\n**Date:** 2024-01-01\n\n## Where we got lucky\n\n- It was a *Sunday*.\n\n## Lessons Learned\n\nUse `kubectl` *carefully*\n' });
    const original = (await build({ cwd: project.dir, paths: ['old'], write: false })).incidents[0]!;
    expect(original.lessons).toMatchObject({ gotLucky: ['It was a Sunday.'], learned: ['Use `kubectl` *carefully*'] });
    const result = await importPostmortems({ cwd: project.dir, inputs: ['old'] });
    expect(result.diagnostics).toEqual([]);
    expect(project.read('postmortems/outage.md')).toContain('## Lessons Learned\n\n- Use \\`kubectl\\` \\*carefully\\*\n\n### Where we got lucky\n\n- It was a Sunday.');
    expect((await build({ cwd: project.dir, write: false })).incidents[0]!.lessons).toEqual(original.lessons);
    project.remove();
  });

  it('writes clock times that read the same without the headings that gave them their meaning', async () => {
    const project = tempProject({
      'old/outage.md': '# Outage\n\n**Date:** 2025-03-05\n\n## Timeline\n\nAll times UTC.\n\n### 1:42-1:59 PM: Releases\n\n- 1:44 Versions listed\n- 1506 UTC Deployed\n',
    });
    const result = await importPostmortems({ cwd: project.dir, inputs: ['old'] });
    expect(result.diagnostics).toEqual([]);
    const timeline = project.read('postmortems/outage.md').split('## Timeline')[1]!;
    expect(timeline).toContain('- 13:42~13:59 Releases\n- 13:44 Versions listed\n- 15:06 Deployed');
    project.remove();
  });
});
