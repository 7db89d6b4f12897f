import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { countBySeverity } from '../../src/diagnostics/diagnostic.js';
import { parse } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';

const GOOD = '# Good incident\n\n**Date:** 2024-02-03\n**Status:** Resolved\n\n**Summary:** Still published.\n';

/**
 * Builds a project holding one bad file beside a good one, and returns what a user would see: the
 * diagnostics, the exit code the CLI would use, and whether the good incident was still published.
 */
async function buildWith(name: string, content: string | Buffer) {
  const project = tempProject({ 'postmortems/good.md': GOOD });
  project.write(`postmortems/${name}`, content);
  const result = await build({ cwd: project.dir });
  const published = project.exists('site/incidents/good-incident/index.html');
  const exit = countBySeverity(result.diagnostics).error > 0 ? 1 : 0;
  project.remove();
  return { result, published, exit, diagnostics: result.diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, file: d.file, line: d.line })) };
}

describe('bad input is reported and never takes the site down', () => {
  it.each([
    ['malformed YAML', 'bad.md', '---\ntitle: [unclosed\ndate: 2024-01-01\n---\n\n# Body\n', 'yaml-syntax', 'error', 3],
    ['a title that is a list', 'bad.md', '---\ntitle: [a, b]\n---\n\n## Summary\n\nText.\n', 'field-type', 'error', 2],
    ['a date that is a number', 'bad.md', '---\ntitle: Numbers\ndate: 20240101\n---\n\n## Summary\n\nText.\n', 'field-type', 'error', 3],
    ['an unknown key', 'bad.md', '---\ntitle: Typo\nstaus: resolved\n---\n\n## Summary\n\nText.\n', 'unknown-key', 'warning', 3],
    ['an empty file', 'bad.md', '', 'file-empty', 'warning', 1],
    ['a whitespace-only file', 'bad.md', ' \n\t\n  \n', 'file-empty', 'warning', 1],
    ['a binary file', 'bad.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'file-binary', 'error', 1],
    ['invalid UTF-8', 'bad.md', Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a]), 'file-binary', 'error', 1],
    ['lists nested 300 deep', 'bad.md', `# Deep\n\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`, 'markdown-too-deep', 'error', 204],
    ['quotes nested 5000 deep', 'bad.md', `# Deep\n\n${'>'.repeat(5000)} text\n`, 'markdown-too-deep', 'error', 3],
  ])('%s', async (_, name, content, ruleId, severity, line) => {
    const { diagnostics, published, exit } = await buildWith(name, content);
    expect(diagnostics).toEqual([{ ruleId, severity, file: name, line }]);
    expect(published).toBe(true);
    expect(exit).toBe(severity === 'error' ? 1 : 0);
  });

  it('leaves out the second of two incidents that claim the same id', async () => {
    const project = tempProject({
      'postmortems/a.md': '---\nid: shared\ntitle: First\n---\n\n## Summary\n\nText.\n',
      'postmortems/b.md': '---\nid: shared\ntitle: Second\n---\n\n## Summary\n\nText.\n',
    });
    const result = await build({ cwd: project.dir });
    expect(result.diagnostics.map((d) => [d.ruleId, d.file, d.line, d.message])).toEqual([
      ['id-duplicate', 'b.md', 2, 'The id `shared` is already used by a.md:1; this incident is left out.'],
    ]);
    expect(project.read('site/incidents/shared/index.html')).toContain('First');
    project.remove();
  });

  it.each([
    ['../../etc'],
    ['/etc/passwd'],
    ['%2e%2e%2fescape'],
    ['a\u0000b'],
    ['..'],
  ])('rejects the id %j and writes nothing outside the output folder', async (id) => {
    const project = tempProject({ 'postmortems/good.md': GOOD });
    project.write('postmortems/evil.md', `---\nid: ${JSON.stringify(id)}\ntitle: Evil\n---\n\n## Summary\n\nText.\n`);
    const result = await build({ cwd: project.dir });
    expect(result.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['id-invalid', 2]]);
    expect(readdirSync(project.dir).filter((f) => f !== '.pmkb-cache').sort()).toEqual(['postmortems', 'site']);
    const pages = readdirSync(path.join(project.dir, 'site/incidents'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(pages.map((d) => d.name)).toEqual(['good-incident']);
    project.remove();
  });

  it('reads pathological markdown without failing: 10,000 backticks and an unclosed fence', async () => {
    for (const body of [`${'`'.repeat(10_000)}\n`, '```\nnever closed\n'.repeat(2000)]) {
      const { diagnostics, published } = await buildWith('odd.md', `# Odd\n\n**Date:** 2024-01-01\n\n${body}`);
      expect(diagnostics).toEqual([]);
      expect(published).toBe(true);
    }
  });

  it('publishes a 5 MB postmortem and a 10,000-entry timeline', () => {
    const big = parse(`# Big\n\n**Date:** 2024-01-01\n\n## Summary\n\n${'A long line of narrative about the incident. '.repeat(40)}\n\n`.repeat(2600));
    expect(big.incidents).toHaveLength(1);
    expect(big.diagnostics).toEqual([]);
    const times = Array.from({ length: 10_000 }, (_, i) => `- ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} event ${i}`);
    const long = parse(`# Long\n\n## Timeline\n\n2024-01-01 (all times UTC)\n\n${times.join('\n')}\n`);
    expect(long.incidents[0]!.incident.timeline).toHaveLength(10_000);
    expect(long.incidents[0]!.incident.timeline[9_999]!.at).toBe('2024-01-01T22:39:00Z');
  }, 120_000);

  it('parses CRLF and a UTF-8 BOM exactly like LF', () => {
    const lf = readFixtureText();
    const crlf = parse(lf.replace(/\n/g, '\r\n'), 'x.md');
    const bom = parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lf)]).toString('utf8'), 'x.md');
    const plain = parse(lf, 'x.md');
    expect(crlf).toEqual(plain);
    expect(bom).toEqual(plain);
  });

  it('gives unicode and emoji titles stable, readable slugs', () => {
    const id = (title: string) => parse(`# ${title}\n\n## Summary\n\nText.\n`).incidents[0]!.incident.id;
    expect(id('Überlastung im Rechenzentrum 🔥')).toBe('uberlastung-im-rechenzentrum');
    expect(id('Café façade crème brûlée')).toBe('cafe-facade-creme-brulee');
    expect(id('🔥🔥🔥')).toMatch(/^incident-[0-9a-f]{8}$/);
    expect(id('🔥🔥🔥')).toBe(id('🔥🔥🔥'));
    expect(id('障害報告')).not.toBe(id('🔥🔥🔥'));
  });

  it('survives a symlink loop in the source tree', async () => {
    const project = tempProject({ 'postmortems/team/good.md': GOOD });
    symlinkSync(path.join(project.dir, 'postmortems'), path.join(project.dir, 'postmortems/team/loop'));
    const result = await build({ cwd: project.dir });
    expect(result.files.map((f) => f.path)).toEqual(['team/good.md']);
    project.remove();
  });

  it('reports a file that disappears before it is read, and builds the rest', async () => {
    const project = tempProject({ 'postmortems/good.md': GOOD });
    mkdirSync(path.join(project.dir, 'other'));
    const result = await build({ cwd: project.dir, paths: ['postmortems/good.md', 'postmortems/gone.md'], write: false });
    expect(result.incidents.map((i) => i.id)).toEqual(['good-incident']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'file-unreadable', file: 'postmortems/gone.md', message: 'Could not read this file: it does not exist (or was deleted while pmkb was reading).' }),
    ]);
    project.remove();
  });
});

function readFixtureText(): string {
  return [
    '---',
    'title: Line endings',
    'date: 2024-05-06',
    'status: resolved',
    '---',
    '',
    '## Summary',
    '',
    'Two lines',
    'of summary.',
    '',
    '## Timeline',
    '',
    '2024-05-06 (all times UTC)',
    '',
    '- 10:00 start',
    '- 10:30 end',
    '',
  ].join('\n');
}
