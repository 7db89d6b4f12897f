import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';

// The project's own tsx, found from the repository rather than from the temporary project folder.
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

/** Runs the real CLI from source in a child process, as a user or CI would. */
function pmkb(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, ['--import', TSX, `${ROOT}src/cli/index.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pmkb CLI', () => {
  const project = tempProject({
    'postmortems/good.md': '# Good incident\n\n**Date:** 2024-02-03\n**Status:** Resolved\n\n**Summary:** Fine.\n',
    'postmortems/warn.md': '# Odd status\n\n**Date:** 2024-02-04\n**Status:** Reslved\n\n**Summary:** Typo in the status.\n',
  });
  afterAll(() => project.remove());

  it('check exits 0 with warnings only, and prints them with a code frame and hint', () => {
    const run = pmkb(['check'], project.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warn.md\n  4:1  warning  Status `Reslved` does not map to draft, investigating, mitigated, resolved or closed.  status-unknown');
    expect(run.stdout).toContain('    4 | **Status:** Reslved');
    expect(run.stdout).toContain('hint: Did you mean `resolved`?');
    expect(run.stderr).toContain('Checked 2 files: 2 incidents.');
  });

  it('check --strict exits 1 on warnings', () => {
    expect(pmkb(['check', '--strict'], project.dir).code).toBe(1);
  });

  it('check --format json prints a stable array', () => {
    const run = pmkb(['check', '--format', 'json'], project.dir);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        ruleId: 'status-unknown',
        severity: 'warning',
        file: 'warn.md',
        line: 4,
        column: 1,
        message: 'Status `Reslved` does not map to draft, investigating, mitigated, resolved or closed.',
        hint: 'Did you mean `resolved`?',
      },
    ]);
  });

  it('check --format github prints workflow annotations', () => {
    const run = pmkb(['check', '--format', 'github'], project.dir);
    expect(run.stdout.trim()).toBe(
      '::warning file=warn.md,line=4,col=1,title=status-unknown::Status `Reslved` does not map to draft, investigating, mitigated, resolved or closed. Did you mean `resolved`?',
    );
  });

  it('exits 1 when a file has an error, and still builds the other incidents', () => {
    const broken = tempProject({
      'postmortems/good.md': '# Good incident\n\n**Date:** 2024-02-03\n\n**Summary:** Fine.\n',
      'postmortems/broken.md': '---\ntitle: [unclosed\n---\n\n# Broken\n',
    });
    const check = pmkb(['check'], broken.dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/broken\.md\n {2}2:\d+ {2}error {2}The front matter is not valid YAML/);
    const run = pmkb(['build'], broken.dir);
    expect(run.code).toBe(1);
    expect(broken.exists('site/incidents/good-incident/index.html')).toBe(true);
    expect(run.stderr).toContain('Built 1 incidents from 2 files');
    broken.remove();
  });

  it('build writes the site to --out and reports what it wrote', () => {
    const run = pmkb(['build', '--out', 'public'], project.dir);
    expect(run.code).toBe(0);
    expect(project.exists('public/index.html')).toBe(true);
    expect(project.exists('public/incidents/good-incident/index.html')).toBe(true);
    expect(run.stderr).toMatch(/Built 2 incidents from 2 files into .*public \(\d+ written, 0 unchanged\)/);
  });

  it('exits 2 for usage errors and invalid config', () => {
    expect(pmkb(['build', '--format', 'xml'], project.dir).code).toBe(2);
    expect(pmkb(['frobnicate'], project.dir).code).toBe(2);
    const configured = tempProject({ 'pmkb.config.yaml': 'title: Ours\nsrcc: docs\n', 'postmortems/a.md': '# A\n' });
    const run = pmkb(['check'], configured.dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('pmkb.config.yaml\n  2:1  error  `/srcc` is not a setting pmkb knows.  config-invalid');
    expect(run.stdout).toContain('Did you mean `src`?');
    configured.remove();
  });

  it('reads files named on the command line whatever their extension', () => {
    const named = tempProject({ 'notes/PM2022-009 - Bad AMI': '# Bad AMI\n\n**Date:** 2022-09-01\n\n**Summary:** Nodes broke.\n' });
    const run = pmkb(['check', 'notes/PM2022-009 - Bad AMI'], named.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Checked 1 files: 1 incidents.');
    named.remove();
  });
});
