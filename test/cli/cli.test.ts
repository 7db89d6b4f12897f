import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { pmkb } from '../helpers/cli.js';
import { tempProject } from '../helpers/site.js';

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
      '::warning file=postmortems/warn.md,line=4,col=1,title=status-unknown::Status `Reslved` does not map to draft, investigating, mitigated, resolved or closed. Did you mean `resolved`?',
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

  it('exits 2 without touching the site when the source folder does not exist', () => {
    expect(pmkb(['build', '--out', 'kept'], project.dir).code).toBe(0);
    const run = pmkb(['build', '--src', 'postmortemz', '--out', 'kept'], project.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('postmortemz does not exist');
    expect(project.exists('kept/incidents/good-incident/index.html')).toBe(true);
    expect(pmkb(['build', '--out', 'postmortems/good.md'], project.dir).code).toBe(2);
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

  it('build uses the same exit codes: 1 on warnings with --strict, 2 for an invalid config', () => {
    expect(pmkb(['build', '--strict', '--out', 'strict-site'], project.dir).code).toBe(1);
    const configured = tempProject({ 'pmkb.config.yaml': 'dateOrder: ymd\n', 'postmortems/a.md': '# A\n\n**Summary:** Fine.\n' });
    const run = pmkb(['build'], configured.dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('pmkb.config.yaml\n  1:1  error  `/dateOrder` must be equal to one of the allowed values.  config-invalid');
    expect(configured.exists('site')).toBe(false);
    configured.remove();
  });

  it('exits 1 for a file named on the command line that does not exist', () => {
    const run = pmkb(['check', 'postmortems/good.md', 'postmortems/gone.md', '--format', 'json'], project.dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ ruleId: 'file-unreadable', file: 'postmortems/gone.md', line: 1, column: 1 })]);
  });

  it('reads files named on the command line whatever their extension', () => {
    const named = tempProject({ 'notes/PM2022-009 - Bad AMI': '# Bad AMI\n\n**Date:** 2022-09-01\n\n**Summary:** Nodes broke.\n' });
    const run = pmkb(['check', 'notes/PM2022-009 - Bad AMI'], named.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Checked 1 files: 1 incidents.');
    named.remove();
  });
});

describe('pmkb new', () => {
  const project = tempProject({ 'postmortems/.keep': '' });
  afterAll(() => project.remove());

  it('prints the path of the file it wrote, which check then accepts', () => {
    const run = pmkb(['new', 'DNS outage', '--date', '2024-05-01', '--network', 'Mainnet', '--authors', 'Dana Kim, Luis Ortega', '--trigger', 'A resolver change.'], project.dir);
    expect(run).toMatchObject({ code: 0, stdout: 'postmortems/2024-05-01-dns-outage.md\n', stderr: '' });
    const text = project.read('postmortems/2024-05-01-dns-outage.md');
    expect(text).toContain('network: Mainnet\nauthors: [Dana Kim, Luis Ortega]\n');
    expect(text).toContain('  text: A resolver change.\n');
    const check = pmkb(['check', '--format', 'json'], project.dir);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as Array<{ severity: string }>).filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('suffixes the id instead of overwriting, and writes to --dir', () => {
    expect(pmkb(['new', 'DNS outage', '--date', '2024-05-01'], project.dir).stdout).toBe('postmortems/2024-05-01-dns-outage-2.md\n');
    expect(pmkb(['new', 'DNS outage', '--date', '2024-05-01', '--dir', 'drafts'], project.dir).stdout).toBe('drafts/2024-05-01-dns-outage-3.md\n');
  });

  it('exits 2 for a missing title or a bad date, writing nothing', () => {
    expect(pmkb(['new'], project.dir).code).toBe(2);
    const run = pmkb(['new', 'X', '--date', '05/01/2024'], project.dir);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('--date must be a day written YYYY-MM-DD, not "05/01/2024".');
    expect(project.exists('postmortems/05-01-2024-x.md')).toBe(false);
  });
});

describe('pmkb import', () => {
  const project = tempProject({
    'legacy/collection.md':
      '## Incidents\n\n### Gateway down (Incident #2)\n\n**Date:** 2024/02/03\n\n**Status:** Resolved\n\n**Summary:** The gateway was down.\n\n' +
      '### Disk full (Incident #1)\n\n**Date:** 2024/01/05\n\n**Status:** Reslved\n\n**Summary:** A disk filled up.\n',
  });
  afterAll(() => project.remove());

  it('--dry-run prints the documents on stdout and problems on stderr, writing nothing', () => {
    const run = pmkb(['import', 'legacy', '--dry-run'], project.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^==> postmortems\/gateway-down-incident-2\.md \(from legacy\/collection\.md:3\) <==\n---\nid: gateway-down-incident-2\n/);
    expect(run.stdout).toContain('==> postmortems/disk-full-incident-1.md (from legacy/collection.md:11) <==');
    expect(run.stderr).toContain('status-unknown');
    expect(run.stderr).toContain('Would write 2 canonical postmortems from 1 files.');
    expect(project.exists('postmortems')).toBe(false);
  });

  it('writes one file per incident, then refuses to overwrite them (exit 1) unless --force', () => {
    const first = pmkb(['import', 'legacy'], project.dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('  postmortems/gateway-down-incident-2.md  (from legacy/collection.md:3)');
    expect(project.read('postmortems/disk-full-incident-1.md')).toContain('status: Reslved\n');
    expect(pmkb(['check'], project.dir).code).toBe(0);

    const again = pmkb(['import', 'legacy'], project.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error  `postmortems/gateway-down-incident-2.md` already exists, so this incident is not imported over it.  output-exists');
    expect(pmkb(['import', 'legacy', '--force'], project.dir).code).toBe(0);
  });

  it('exits 2 for an invalid config', () => {
    project.write('pmkb.config.yaml', 'out: 5\n');
    expect(pmkb(['import', 'legacy', '--dry-run'], project.dir).code).toBe(2);
  });
});

describe('the installed command', () => {
  it('runs as README\'s quick start runs it, `npx pmkb` in the checkout (npm ci compiles it and marks it executable)', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const out = execFileSync('npx', ['--no-install', 'pmkb', '--version'], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe(VERSION);
  });
});
