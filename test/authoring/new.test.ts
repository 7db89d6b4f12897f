import { describe, expect, it } from 'vitest';
import { CANONICAL_SECTIONS, LESSON_HEADINGS } from '../../src/authoring/canonical.js';
import { newPostmortem } from '../../src/authoring/new.js';
import { UsageError } from '../../src/core/errors.js';
import { build } from '../../src/core/build.js';
import { tempProject } from '../helpers/site.js';

const DATE = '2024-05-01';

describe('pmkb new', () => {
  it('writes the canonical layout: front matter, every section with guidance, a day line with its zone', async () => {
    const project = tempProject({});
    const result = await newPostmortem({ cwd: project.dir, title: 'Database failover: primary lost', date: DATE });
    expect(result.id).toBe('2024-05-01-database-failover-primary-lost');
    const text = project.read('postmortems/2024-05-01-database-failover-primary-lost.md');
    expect(text).toMatch(
      /^---\nid: 2024-05-01-database-failover-primary-lost\ntitle: "Database failover: primary lost"\ndate: 2024-05-01\nstatus: draft # .*\nnetwork:\nauthors: \[\]\nseverity:\ntags: \[\]\ntrigger:\n {2}category: # .*\n {2}text:\nreferences: \[\]\n---\n/,
    );
    const headings = [...text.matchAll(/^(#{2,3}) (.+)\n\n(?=(.*)$)/gm)].map((m) => [m[1]!.length, m[2], m[3]!.startsWith('<!-- ')]);
    expect(headings.filter(([depth]) => depth === 2)).toEqual(CANONICAL_SECTIONS.map((s) => [2, s.heading, true]));
    expect(headings.filter(([depth]) => depth === 3).map(([, title]) => title)).toEqual(Object.values(LESSON_HEADINGS));
    expect(text).toContain(`\n\n${DATE} (all times UTC)\n`);
    project.remove();
  });

  it('passes check with no error or warning, and once written in builds with what was given', async () => {
    const project = tempProject({ 'pmkb.config.yaml': 'defaultZone: CET\n' });
    const { file } = await newPostmortem({ cwd: project.dir, title: 'DNS outage', date: DATE, network: 'Mainnet', authors: ['Dana Kim', 'Luis Ortega'], trigger: 'A resolver config change.' });
    const fresh = await build({ cwd: project.dir, write: false });
    expect(fresh.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(project.read('postmortems/2024-05-01-dns-outage.md')).toContain(`${DATE} (all times CET)`);

    const text = project.read('postmortems/2024-05-01-dns-outage.md');
    project.write('postmortems/2024-05-01-dns-outage.md', text.replace(/(## Summary\n\n<!--.*-->)/, '$1\n\nResolvers returned SERVFAIL for 20 minutes.').replace(/(all times CET\))/, '$1\n\n- 10:00 Resolvers fail.'));
    const filled = await build({ cwd: project.dir, write: false });
    expect(filled.diagnostics).toEqual([]);
    expect(filled.incidents).toMatchObject([
      {
        id: '2024-05-01-dns-outage',
        date: DATE,
        status: 'draft',
        network: 'Mainnet',
        authors: ['Dana Kim', 'Luis Ortega'],
        trigger: { category: 'deployment', text: 'A resolver config change.' },
        timeline: [{ at: '2024-05-01T09:00:00Z', zone: 'CET' }],
      },
    ]);
    // Sections holding only their guidance comment are empty, so they are not published.
    expect(Object.keys(filled.incidents[0]!.sections)).toEqual(['summary', 'lessons', 'timeline']);
    expect(file).toMatch(/postmortems\/2024-05-01-dns-outage\.md$/);
    project.remove();
  });

  it('never reuses an id or a file name: suffixes -2, -3 instead', async () => {
    const project = tempProject({
      'postmortems/elsewhere.md': '---\nid: 2024-05-01-dns-outage\ntitle: Someone else\n---\n\n## Summary\n\nTaken.\n',
      'drafts/2024-05-01-dns-outage-2.md': 'not a postmortem yet',
    });
    const first = await newPostmortem({ cwd: project.dir, title: 'DNS outage', date: DATE, dir: 'drafts' });
    expect(first.id).toBe('2024-05-01-dns-outage-3');
    const second = await newPostmortem({ cwd: project.dir, title: 'DNS outage', date: DATE, dir: 'drafts' });
    expect(second.id).toBe('2024-05-01-dns-outage-4');
    expect(project.read('drafts/2024-05-01-dns-outage-2.md')).toBe('not a postmortem yet');
    // A draft in the source folder is skipped as an empty template, yet its id stays taken.
    const draft = await newPostmortem({ cwd: project.dir, title: 'Disk full', date: DATE });
    expect((await build({ cwd: project.dir, write: false })).incidents.map((i) => i.id)).not.toContain(draft.id);
    expect((await newPostmortem({ cwd: project.dir, title: 'Disk full', date: DATE, dir: 'drafts' })).id).toBe('2024-05-01-disk-full-2');
    project.remove();
  });

  it('dates the file today by default', async () => {
    const project = tempProject({});
    const before = new Date();
    const { id } = await newPostmortem({ cwd: project.dir, title: 'Today' });
    const days = [before, new Date()].map((d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
    expect(days.map((d) => `${d}-today`)).toContain(id);
    project.remove();
  });

  it('refuses an empty title or an impossible date, and stops at an invalid config', async () => {
    const project = tempProject({});
    await expect(newPostmortem({ cwd: project.dir, title: '  ' })).rejects.toBeInstanceOf(UsageError);
    await expect(newPostmortem({ cwd: project.dir, title: 'X', date: '2024-02-30' })).rejects.toThrow('--date must be a day written YYYY-MM-DD');
    project.write('pmkb.config.yaml', 'srcc: docs\n');
    const result = await newPostmortem({ cwd: project.dir, title: 'X', date: DATE });
    expect(result.file).toBeUndefined();
    expect(result.configDiagnostics.map((d) => d.ruleId)).toEqual(['config-invalid']);
    expect(project.exists('postmortems')).toBe(false);
    project.remove();
  });
});
