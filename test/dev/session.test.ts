import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bodyEdit, metadataEdit, postmortem } from '../../bench/corpus.js';
import { build } from '../../src/core/build.js';
import type { Changes } from '../../src/dev/rebuild.js';
import { Publisher } from '../../src/dev/publisher.js';
import { DevSession } from '../../src/dev/session.js';
import { filesIn, SITE_MARKER } from '../../src/stages/write.js';
import { generatedPostmortems, tempProject } from '../helpers/site.js';
import { tree, treeDiff } from '../helpers/tree.js';

const COUNT = 12;
/** Pages across every incident's content: an edit leaves them to the follow-up. */
const ACROSS = new Set(['index.html', 'lessons/index.html', 'actions/index.html', 'stats/index.html', 'feed.xml', 'incidents.json']);
/** An incident page without its related incidents, which only the follow-up brings up to date. */
const withoutRelated = (page: Buffer) => page.toString('utf8').replace(/<li><a href="#related">.*\n/, '').replace(/<section id="related"[\s\S]*?<\/section>\n/, '');
const { files, names } = generatedPostmortems(COUNT);

describe('dev mode rebuilds', async () => {
  const project = tempProject(files);
  afterAll(async () => {
    await session.close();
    project.remove();
  });
  const src = (name: string) => path.join(project.dir, 'postmortems', name);
  const changes = (sources: string[], rest: Partial<Changes> = {}): Changes => ({ sources: new Set(sources), rediscover: false, config: false, schemas: false, ...rest });
  const { session, first } = await DevSession.start({ cwd: project.dir, workers: 0 });

  /** Once the follow-up has run, the served folder must be what a full build of the same sources writes. */
  async function expectSameAsFullBuild() {
    await session.followUp();
    const full = await build({ cwd: project.dir, out: 'full', cache: false, workers: 0 });
    // Dev mode builds no search index, and its folder needs no marker saying pmkb may replace it.
    const skip = (f: string) => f.startsWith('pagefind') || f === SITE_MARKER;
    expect(treeDiff(tree(session.outDir, skip), tree(path.join(project.dir, 'full'), skip))).toEqual([]);
    return full;
  }

  /** Before the follow-up, only pages across every incident's content and related lists may differ from a full build. */
  async function expectSameButWhatFollowsUp() {
    await build({ cwd: project.dir, out: 'now', cache: false, workers: 0 });
    const skip = (f: string) => f.startsWith('pagefind') || f === SITE_MARKER || ACROSS.has(f);
    const dev = tree(session.outDir, skip);
    const now = tree(path.join(project.dir, 'now'), skip);
    expect(treeDiff(dev, now).filter((f) => !dev.has(f) || !now.has(f) || withoutRelated(dev.get(f)!) !== withoutRelated(now.get(f)!))).toEqual([]);
  }

  it('start with a full build into .pmkb-cache/dev/site', async () => {
    expect(first.failure).toBeUndefined();
    expect(first.parsed).toBe(COUNT);
    expect(session.outDir).toBe(path.join(project.dir, '.pmkb-cache', 'dev', 'site'));
    await expectSameAsFullBuild();
  });

  it('parse only the edited file and render only the pages that depend on it, for a body edit', async () => {
    project.write(`postmortems/${names[0]}`, bodyEdit(files[`postmortems/${names[0]}`]!, 1));
    const rebuild = await session.update(changes([src(names[0]!)]));
    expect(rebuild.parsed).toBe(1);
    expect(rebuild.rendered).toBeLessThan(first.rendered / 2);
    expect(rebuild.changed.some((p) => /^incidents\/[^/]+\/index\.html$/.test(p))).toBe(true);
    // The pages of other incidents wait for the follow-up, which renders only those whose related list changed.
    expect(rebuild.changed.filter((p) => /^incidents\/[^/]+\/index\.html$/.test(p))).toHaveLength(1);
    const followUp = await session.followUp();
    expect(followUp).toMatchObject({ followUp: true, parsed: 0 });
    expect(followUp!.rendered).toBeLessThan(COUNT);
    await expectSameAsFullBuild();
  });

  it('move the incident between index pages for a metadata edit', async () => {
    const name = names.find((n) => files[`postmortems/${n}`]!.startsWith('---\nid:'))!;
    project.write(`postmortems/${name}`, metadataEdit(files[`postmortems/${name}`]!, 3));
    const rebuild = await session.update(changes([src(name)]));
    expect(rebuild.parsed).toBe(1);
    // Into a year no other incident has: its page comes.
    expect(rebuild.changed).toEqual(expect.arrayContaining(['incidents/index.html', 'status/index.html', 'years/2021/index.html', 'sitemap.xml']));
    await expectSameAsFullBuild();
  });

  it('move an incident without grouping the site again when no page comes or goes, and leave no page behind', async () => {
    // An incident of 2018 on Devnet moves within 2018 and to Staging: both networks and the year keep other incidents.
    const name = names.find((n) => /^date: 2018-/m.test(files[`postmortems/${n}`]!) && /^network: Devnet$/m.test(files[`postmortems/${n}`]!))!;
    project.write(`postmortems/${name}`, files[`postmortems/${name}`]!.replace(/^date: .*$/m, 'date: 2018-07-01').replace(/^network: .*$/m, 'network: Staging'));
    const wholeSite = vi.spyOn(Publisher.prototype as unknown as { publishSite: () => unknown }, 'publishSite');
    const rebuild = await session.update(changes([src(name)]));
    expect(rebuild.failure).toBeUndefined();
    expect(rebuild.timings, 'regrouped, not validated and grouped again').not.toHaveProperty('validate');
    expect(wholeSite, 'only the pages the edit reaches are published').not.toHaveBeenCalled();
    expect(rebuild.changed).toEqual(expect.arrayContaining(['incidents/index.html', 'networks/devnet/index.html', 'networks/staging/index.html', 'years/2018/index.html']));
    await expectSameButWhatFollowsUp();
    await expectSameAsFullBuild();

    // The only incident of a year leaves it: the year's page goes.
    const published = JSON.parse(readFileSync(path.join(session.outDir, 'incidents.json'), 'utf8')) as Array<{ date: string | null; source: { path: string } }>;
    const year = (i: { date: string | null }) => i.date?.slice(0, 4);
    const alone = published.find((i) => published.filter((j) => year(j) === year(i)).length === 1 && /^date: /m.test(readFileSync(src(i.source.path), 'utf8')))!;
    writeFileSync(src(alone.source.path), readFileSync(src(alone.source.path), 'utf8').replace(/^date: \d{4}/m, 'date: 2018'));
    wholeSite.mockClear();
    const emptied = await session.update(changes([src(alone.source.path)]));
    expect(wholeSite).toHaveBeenCalledTimes(1);
    wholeSite.mockRestore();
    expect(emptied.changed).toEqual(expect.arrayContaining([`years/${year(alone)}/index.html`, 'years/2018/index.html', 'sitemap.xml']));
    expect(existsSync(path.join(session.outDir, `years/${year(alone)}/index.html`))).toBe(false);
    await expectSameAsFullBuild();
  });

  it('publish the whole site again after a publish failed part way, before the follow-up', async () => {
    const published = JSON.parse(readFileSync(path.join(session.outDir, 'incidents.json'), 'utf8')) as Array<{ network?: string; source: { path: string } }>;
    const withFields = published.filter((i) => ['network: ', 'date: '].every((field) => readFileSync(src(i.source.path), 'utf8').includes(`\n${field}`)));
    const moved = withFields[0]!;
    const network = moved.network === 'Mainnet' ? 'Devnet' : 'Mainnet';
    // Another incident, elsewhere, whose edit does not reach that network's page.
    const other = withFields.find((i) => i !== moved && i.network !== network)!;
    // A folder where the page is written in place: writing it fails.
    const blocker = path.join(session.outDir, `networks/${network.toLowerCase()}/index.html.pmkb-${process.pid}.tmp`);
    mkdirSync(blocker, { recursive: true });
    writeFileSync(src(moved.source.path), readFileSync(src(moved.source.path), 'utf8').replace(/^network: .*$/m, `network: ${network}`));
    expect((await session.update(changes([src(moved.source.path)]))).failure).toMatch(/render\+write/);
    rmSync(blocker, { recursive: true });

    const wholeSite = vi.spyOn(Publisher.prototype as unknown as { publishSite: () => unknown }, 'publishSite');
    // Within its year: no page comes or goes, so only a failure sends the edit to the whole site.
    const text = readFileSync(src(other.source.path), 'utf8');
    writeFileSync(src(other.source.path), text.replace(/^date: (\d{4})-\d\d-\d\d/m, text.includes('-06-15') ? 'date: $1-06-16' : 'date: $1-06-15'));
    expect((await session.update(changes([src(other.source.path)]))).failure).toBeUndefined();
    expect(wholeSite).toHaveBeenCalled();
    wholeSite.mockRestore();
    await expectSameButWhatFollowsUp();
    await expectSameAsFullBuild();
  });

  it('handle new, deleted and renamed files', async () => {
    const added = postmortem(COUNT + 1);
    project.write(`postmortems/${added.name}`, added.text);
    let rebuild = await session.update(changes([src(added.name)], { rediscover: true }));
    expect(rebuild.parsed).toBe(1);
    await expectSameAsFullBuild();

    rmSync(src(names[1]!));
    rebuild = await session.update(changes([src(names[1]!)], { rediscover: true }));
    expect(rebuild.parsed).toBe(0);
    expect(rebuild.changed.some((p) => p.endsWith('.json') && p.startsWith('incidents/') && !p.includes('/index'))).toBe(true);
    await expectSameAsFullBuild();

    renameSync(src(names[2]!), src(`renamed-${names[2]}`));
    rebuild = await session.update(changes([src(names[2]!), src(`renamed-${names[2]}`)], { rediscover: true }));
    await expectSameAsFullBuild();
  });

  it('keep the last good pages of a file with errors, and report them', async () => {
    const name = names[3]!;
    const page = () => tree(session.outDir);
    const before = page();
    project.write(`postmortems/${name}`, '---\ntitle: [unclosed\n---\n\n# Broken\n');
    const rebuild = await session.update(changes([src(name)]));
    expect(rebuild.failure).toBeUndefined();
    expect(rebuild.fresh).toEqual([expect.objectContaining({ ruleId: 'yaml-syntax', file: name, severity: 'error' })]);
    expect(rebuild.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'yaml-syntax', file: name }));
    expect(rebuild.changed).toEqual([]);
    expect(treeDiff(before, page())).toEqual([]);

    project.write(`postmortems/${name}`, files[`postmortems/${name}`]!);
    const fixed = await session.update(changes([src(name)]));
    expect(fixed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await expectSameAsFullBuild();
  });

  it('re-render what uses the config when it changes, and keep the last good config when it is invalid', async () => {
    project.write('pmkb.config.yaml', 'title: Team incidents\n');
    const retitled = await session.update(changes([], { config: true }));
    expect(retitled.parsed).toBe(0);
    expect(retitled.changed).toContain('incidents/index.html');
    // Pages across incidents (the home page among them) follow in the follow-up.
    expect((await session.followUp())!.changed).toContain('index.html');
    await expectSameAsFullBuild();

    project.write('pmkb.config.yaml', 'title: [unclosed\n');
    const broken = await session.update(changes([], { config: true }));
    expect(broken.changed).toEqual([]);
    expect(broken.diagnostics[0]).toMatchObject({ severity: 'error', file: 'pmkb.config.yaml' });
    expect(session.config.title).toBe('Team incidents');
    project.write('pmkb.config.yaml', 'title: Team incidents\n');
    await session.update(changes([], { config: true }));
  });

  it('read the files again when the cache loses the narratives the site reads, in an edit and in its follow-up', async () => {
    const cache = path.join(project.dir, '.pmkb-cache');
    // Every page re-renders with the new title, newest incident first, each reading its incident's
    // narrative from the cache: only the oldest one's is gone, so the others are written by then.
    const listed = JSON.parse(readFileSync(path.join(session.outDir, 'incidents.json'), 'utf8')) as Array<{ source: { path: string } }>;
    const oldest = JSON.stringify(listed.at(-1)!.source.path);
    const entries = (await filesIn(path.join(cache, 'parse'))).filter((file) => readFileSync(file, 'utf8').split('\n', 1)[0]!.includes(`"path":${oldest}`));
    expect(entries).toHaveLength(1);
    rmSync(entries[0]!);
    project.write('pmkb.config.yaml', 'title: Cleared cache\n');
    const retitled = await session.update(changes([], { config: true }));
    expect(retitled.failure).toBeUndefined();
    expect(retitled.parsed).toBe(1);
    // Open tabs of every page are told, though the attempt that failed wrote most of them already.
    const incidentPages = readdirSync(path.join(session.outDir, 'incidents')).filter((name) => !name.includes('.')).map((id) => `incidents/${id}/index.html`);
    expect(incidentPages).toHaveLength(COUNT);
    expect(retitled.changed).toEqual(expect.arrayContaining(incidentPages));
    await expectSameAsFullBuild();

    // A new id publishes a new site, which reads narratives from the cache again: the update only
    // those of the renamed incident and its neighbours in the list, the follow-up every other one,
    // for the pages across incidents (the feed, lessons, actions). Theirs are gone.
    const name = names.find((n) => existsSync(src(n)) && readFileSync(src(n), 'utf8').startsWith('---\nid:'))!;
    const order = (JSON.parse(readFileSync(path.join(session.outDir, 'incidents.json'), 'utf8')) as Array<{ source: { path: string } }>).map((i) => i.source.path);
    const at = order.indexOf(name);
    const kept = order.slice(Math.max(0, at - 1), at + 2);
    const gone = (await filesIn(path.join(cache, 'parse'))).filter((file) => !kept.some((p) => readFileSync(file, 'utf8').split('\n', 1)[0]!.includes(`"path":${JSON.stringify(p)}`)));
    expect(gone.length).toBeGreaterThanOrEqual(order.length - kept.length);
    for (const file of gone) rmSync(file);
    writeFileSync(src(name), readFileSync(src(name), 'utf8').replace(/^id: .*$/m, 'id: renamed-after-the-cache-was-cleared'));
    const edited = await session.update(changes([src(name)]));
    expect(edited.failure).toBeUndefined();
    expect(edited.parsed).toBe(1);
    const followUp = await session.followUp();
    expect(followUp?.failure).toBeUndefined();
    expect(followUp?.parsed).toBe(order.length - kept.length);
    expect(followUp?.changed).toContain('incidents.json');
    await expectSameAsFullBuild();
  });
});
