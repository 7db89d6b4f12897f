import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDev, type Dev, type Rebuild } from '../../src/dev/index.js';
import { tempProject } from '../helpers/site.js';

const incident = (title: string, date: string, summary: string) => `---\ntitle: ${title}\ndate: ${date}\nstatus: resolved\n---\n\n## Summary\n\n${summary}\n`;

describe('pmkb dev, watching the folder', () => {
  const project = tempProject({
    'postmortems/a.md': incident('Alpha outage', '2024-01-02', 'First version.'),
    'postmortems/b.md': incident('Beta outage', '2024-02-03', 'Beta summary.'),
  });
  const src = (name: string) => path.join(project.dir, 'postmortems', name);
  let dev: Dev;
  const rebuilds: Rebuild[] = [];
  const listeners = new Set<(rebuild: Rebuild) => void>();
  /** Resolves with the rebuilds that happen until `done` says the change has been seen. */
  const until = (done: (seen: Rebuild[]) => boolean) =>
    new Promise<Rebuild[]>((resolve) => {
      const seen: Rebuild[] = [];
      const listener = (rebuild: Rebuild) => {
        seen.push(rebuild);
        if (!done(seen)) return;
        listeners.delete(listener);
        resolve(seen);
      };
      listeners.add(listener);
    });
  const page = async (url: string) => {
    const response = await fetch(new URL(url, dev.url));
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    dev = await startDev({
      cwd: project.dir,
      port: 0,
      workers: 0,
      onRebuild: (rebuild) => {
        rebuilds.push(rebuild);
        for (const listener of [...listeners]) listener(rebuild);
      },
    });
    await dev.ready;
  });
  afterAll(async () => {
    await dev?.close();
    project.remove();
  });

  it('serves the first build', async () => {
    expect(rebuilds[0]).toMatchObject({ parsed: 2 });
    expect((await page('incidents/alpha-outage/')).body).toContain('First version.');
  });

  it('rebuilds on an atomic save (write beside, rename over)', async () => {
    const seen = until((s) => s.some((r) => r.changed.includes('incidents/alpha-outage/index.html')));
    writeFileSync(src('.a.md.swp'), incident('Alpha outage', '2024-01-02', 'Second version.'));
    renameSync(src('.a.md.swp'), src('a.md'));
    expect((await seen).reduce((n, r) => n + r.parsed, 0)).toBe(1);
    expect((await page('incidents/alpha-outage/')).body).toContain('Second version.');
  });

  it('rebuilds on a save that deletes the file and writes it again', async () => {
    const readPage = () => (project.exists(served) ? project.read(served) : '');
    const served = '.pmkb-cache/dev/site/incidents/alpha-outage/index.html';
    const seen = until(() => readPage().includes('Third version.'));
    rmSync(src('a.md'));
    writeFileSync(src('a.md'), incident('Alpha outage', '2024-01-02', 'Third version.'));
    await seen;
    expect((await page('incidents/alpha-outage/')).status).toBe(200);
  });

  it('publishes new files and removes deleted ones', async () => {
    let seen = until((s) => s.some((r) => r.changed.includes('incidents/gamma-outage/index.html')));
    writeFileSync(src('c.md'), incident('Gamma outage', '2024-03-04', 'New.'));
    await seen;
    expect((await page('incidents/gamma-outage/')).status).toBe(200);
    seen = until((s) => s.some((r) => r.changed.includes('incidents/gamma-outage/index.html')));
    rmSync(src('c.md'));
    await seen;
    expect((await page('incidents/gamma-outage/')).status).toBe(404);
    // incidents.json collects across incidents: it follows in the follow-up.
    await dev.session.followUp();
    expect((await page('incidents.json')).body).not.toContain('gamma-outage');
  });

  it('debounces a burst of edits into one rebuild', async () => {
    const names = ['d1.md', 'd2.md', 'd3.md', 'd4.md', 'd5.md'];
    const seen = until((s) => s.reduce((n, r) => n + r.parsed, 0) >= names.length);
    names.forEach((name, i) => writeFileSync(src(name), incident(`Burst ${i}`, `2024-04-0${i + 1}`, 'Burst.')));
    // Follow-ups (related lists brought up to date) may come between batches; they are not batches.
    const batches = (await seen).filter((r) => !r.followUp);
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(batches.reduce((n, r) => n + r.parsed, 0)).toBe(names.length);
  });

  it('keeps serving the last good page of an invalid file and reports its errors, and survives binary junk', async () => {
    let seen = until((s) => s.some((r) => r.fresh.some((d) => d.file === 'b.md')));
    writeFileSync(src('b.md'), '---\ntitle: [unclosed\n---\n');
    const [broken] = (await seen).filter((r) => !r.followUp);
    expect(broken!.fresh).toEqual([expect.objectContaining({ ruleId: 'yaml-syntax', severity: 'error' })]);
    expect((await page('incidents/beta-outage/')).body).toContain('Beta summary.');

    seen = until((s) => s.some((r) => r.fresh.some((d) => d.ruleId === 'file-binary')));
    writeFileSync(src('b.md'), Buffer.from([0, 159, 146, 150, 0, 255]));
    await seen;
    expect((await page('incidents/beta-outage/')).body).toContain('Beta summary.');
    expect((await page('')).status).toBe(200);
  });
});
