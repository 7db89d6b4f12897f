import { afterAll, describe, expect, it } from 'vitest';
import { pmkb } from '../helpers/cli.js';
import { tempProject } from '../helpers/site.js';

describe('pmkb stats and check --stats', () => {
  const project = tempProject({
    'postmortems/a.md': '# A\n\n**Date:** 2024-01-02\n**Status:** Resolved\n\n## Summary\n\nText.\n\n## Timeline\n\n2024-01-02 (all times UTC)\n\n- 10:00 start\n- later, no time\n',
    'postmortems/b.md': '# B\n\n## Summary\n\nOnly a summary.\n',
  });
  afterAll(() => project.remove());

  it('prints how many incidents have each field and section', () => {
    const run = pmkb(['stats'], project.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 incidents from 2 files. Recognized:');
    expect(run.stdout).toMatch(/\n {2}date +1 +50%\n/);
    expect(run.stdout).toMatch(/\n {2}section: summary +2 +100%\n/);
    expect(run.stdout).toMatch(/\n {2}timeline instants +1 +50% of 2 entries/);
  });

  it('prints the same numbers as JSON', () => {
    const report = JSON.parse(pmkb(['stats', '--format', 'json'], project.dir).stdout) as { incidents: number; rows: Array<{ name: string; incidents: number }>; timelineInstants: number };
    expect(report.incidents).toBe(2);
    expect(report.rows.find((r) => r.name === 'status (mapped)')!.incidents).toBe(1);
    expect(report.timelineInstants).toBe(1);
  });

  it('adds the table to check with --stats', () => {
    const run = pmkb(['check', '--stats'], project.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Recognized:');
  });
});
