import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { loadSchema } from '../../src/model/schemas.js';
import { ROOT } from '../helpers/parse.js';
import { brokenLinks } from '../helpers/links.js';
import { tempProject } from '../helpers/site.js';

describe('build of the bundled postmortems', async () => {
  const project = tempProject({});
  afterAll(() => project.remove());
  const result = await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'site' });
  const read = (name: string) => project.read(`site/${name}`);

  it('publishes all eight seed incidents and the canonical example', () => {
    expect(result.incidents).toHaveLength(9);
    expect(result.files).toEqual([
      { path: '2019-11-08-missed-endorsement.md', incidents: 1 },
      { path: '2024-03-12-gateway-certificate-expiry.md', incidents: 1 },
      { path: 'testnet-postmortems.md', incidents: 7 },
    ]);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['date-timeline-mismatch']);
  });

  it('writes incidents.json valid against the schema, newest first', () => {
    const incidents = JSON.parse(read('incidents.json')) as Array<{ id: string; date: string | null }>;
    const validate = new Ajv2020({ strict: true }).compile({ type: 'array', items: loadSchema('incident') });
    expect(validate(incidents), JSON.stringify(validate.errors)).toBe(true);
    expect(incidents[0]!.id).toBe('2024-03-12-gateway-certificate-expiry');
    const dates = incidents.map((i) => i.date!);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('puts each incident in incidents.json exactly as its own JSON page has it', () => {
    const ids = (JSON.parse(read('incidents.json')) as Array<{ id: string }>).map((incident) => incident.id);
    expect(ids).toHaveLength(9);
    // Each page's text one level deeper, as prettyJsonArray nests it.
    const items = ids.map((id) => `  ${read(`incidents/${id}.json`).slice(0, -1).replaceAll('\n', '\n  ')}`);
    expect(read('incidents.json')).toBe(`[\n${items.join(',\n')}\n]\n`);
  });

  it('lists every incident in the all-incidents table with date, network, status and trigger', () => {
    const all = read('incidents/index.html');
    for (const incident of result.incidents) expect(all).toContain(`href="${incident.id}/"`);
    expect(all).toContain('<a href="../networks/topaz/">Topaz</a>');
    expect(all).toMatch(/status-mitigated" href="\.\.\/status\/mitigated\/">mitigated</);
    expect(all).toContain('<a href="../triggers/deployment/">Deployment</a>');
  });

  it('renders an incident page with its fields, sections and a timeline in original time and UTC', () => {
    const page = read('incidents/mutex-deadlock-cascading-failures-incident-4/index.html');
    expect(page).toContain('<title>Mutex Deadlock Cascading Failures (Incident #4) · Postmortems</title>');
    expect(page).toContain('href="../../status/investigating/"');
    expect(page).toContain('href="../../triggers/deployment/"');
    expect(page).toContain('href="../../authors/raul-jordan/"');
    expect(page).toMatch(/datetime="2019-11-23T03:07:00-06:00">03:07<\/time>\s*<span class="tl-utc">09:07 UTC<\/span>\s*<span class="zone">Central Standard Time<\/span>/);
    expect(page).toContain('<h2>Lessons Learned</h2>');
    expect(page).toContain('Deadlock in a very frequently used mutex.');
  });

  it('writes facet index pages with counts and a page per value', () => {
    expect(read('networks/index.html')).toMatch(/<a href="topaz\/">Topaz<\/a><\/td>\s*<td class="count">1<\/td>/);
    expect(read('networks/topaz/index.html')).toContain('Not Receiving P2P Blocks (Incident #7)');
    expect(read('triggers/deployment/index.html')).toContain('Testnet Large Finality Gap Postmortem (Incident #1)');
    expect(read('triggers/unknown/index.html')).toContain('Rapid P2P Message Drop (Incident #5)');
    expect(read('status/index.html')).toContain('href="resolved/"');
    expect(read('years/2019/index.html')).toContain('Chain Stuck at Genesis (Incident #6)');
    expect(read('authors/preston/index.html')).toContain('Finality Decreased! (Incident #3)');
  });

  it('uses only relative links, and none of them is broken', () => {
    expect(brokenLinks(`${project.dir}/site`)).toEqual([]);
    expect(read('index.html')).not.toMatch(/(?:href|src)="\//);
  });

  it('rewrites nothing when nothing changed', async () => {
    const again = await build({ cwd: project.dir, src: `${ROOT}postmortems`, out: 'site' });
    expect(again.output!.written).toBe(0);
    expect(again.output!.unchanged).toBe(result.output!.written);
  });
});

describe('build with bad and hostile input', () => {
  it('escapes and sanitizes what authors write, leaves out invalid incidents and publishes the rest', async () => {
    const project = tempProject({
      'postmortems/ok.md': '# Fine incident\n\n**Date:** 2024-01-02\n\n**Summary:** All good.\n',
      'postmortems/hostile.md': [
        '---',
        'title: "<script>alert(1)</script> outage"',
        'references: ["javascript:alert(2)"]',
        '---',
        '',
        '## Summary',
        '',
        'Click [here](javascript:alert(3)) <img src=x onerror=alert(4)> <iframe src="https://evil.example"></iframe>',
        '',
        '<script>alert(5)</script>',
        '',
        '[docs](https://example.com/docs)',
      ].join('\n'),
      'postmortems/bad-id.md': '---\nid: ../../etc\ntitle: Escape attempt\n---\n\nSummary: x\n',
    });
    const result = await build({ cwd: project.dir });
    expect(result.incidents.map((i) => i.title).sort()).toEqual(['<script>alert(1)</script> outage', 'Fine incident']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'id-invalid', file: 'bad-id.md', line: 2, severity: 'error' })]);
    const page = project.read('site/incidents/script-alert-1-script-outage/index.html');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; outage');
    expect(page).not.toMatch(/<script|<iframe|<img|href="javascript:|onerror=/i);
    expect(page).toContain('<li>javascript:alert(2)</li>');
    expect(page).toContain('<a href="https://example.com/docs" rel="noopener noreferrer">docs</a>');
    expect(project.read('site/index.html')).not.toContain('<script>');
    expect(project.exists('etc')).toBe(false);
    project.remove();
  });

  it('refuses to write the site over its own source folder', async () => {
    const project = tempProject({ 'postmortems/a.md': '# A\n\nSummary: a\n' });
    await expect(build({ cwd: project.dir, out: 'postmortems' })).rejects.toThrow(/it is the source folder/);
    await expect(build({ cwd: project.dir, out: '.' })).rejects.toThrow(/it contains the source folder/);
    expect(readFileSync(`${project.dir}/postmortems/a.md`, 'utf8')).toBe('# A\n\nSummary: a\n');
    project.remove();
  });
});
