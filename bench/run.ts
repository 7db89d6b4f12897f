/**
 * `npm run bench [-- --sizes 1000,10000 --runs 3 --edits 50 --no-others]`: builds synthetic corpora
 * with the compiled pmkb (dist/), then with Eleventy and Hugo, and prints medians and ratios as a
 * markdown table. Reports numbers; never fails on a missed target. Corpora live in a temporary folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bodyEdit, generateCorpus } from './corpus.js';
import { median, percentile, run, seconds, stageTimings, type Run } from './measure.js';
import { ELEVENTY_VERSION, eleventyBuild, hugoAvailable, hugoBuild, installEleventy, pagefindOverEleventy } from './others.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '3' },
    edits: { type: 'string', default: '50' },
    'no-others': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const edits = Number(values.edits);
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs `once` `times` times, logging each; for a program that may be unable to run here, null at its first refusal. */
async function repeat(label: string, times: number, before: (i: number) => void, once: () => Promise<Run>): Promise<Run[]>;
async function repeat(label: string, times: number, before: (i: number) => void, once: () => Promise<Run | null>): Promise<Run[] | null>;
async function repeat(label: string, times: number, before: (i: number) => void, once: () => Promise<Run | null>): Promise<Run[] | null> {
  const results: Run[] = [];
  for (let i = 0; i < times; i++) {
    before(i);
    const result = await once();
    if (!result) return null;
    log(`  ${label} ${i + 1}/${times}: ${seconds(result.ms)}${result.rssMb ? `, ${Math.round(result.rssMb)} MB` : ''}`);
    results.push(result);
  }
  return results;
}

interface Row {
  label: string;
  value: string;
  note?: string;
}

async function benchmark(size: number): Promise<Row[]> {
  const work = mkdtempSync(path.join(os.tmpdir(), `pmkb-bench-${size}-`));
  const corpus = path.join(work, 'corpus');
  const project = path.join(work, 'project');
  log(`\n${size} incidents in ${work}`);
  const files = generateCorpus(corpus, size);
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'pmkb.config.yaml'), `src: ${JSON.stringify(corpus)}\nout: site\n`);
  const pmkbBuild = () => run(cli, ['build'], { cwd: project, node: true });
  const fresh = () => {
    rmSync(path.join(project, '.pmkb-cache'), { recursive: true, force: true });
    rmSync(path.join(project, 'site'), { recursive: true, force: true });
  };
  const rows: Row[] = [];
  const msOf = (list: Run[]) => median(list.map((r) => r.ms));
  const rssOf = (list: Run[]) => Math.max(...list.map((r) => r.rssMb ?? 0));

  const cold = await repeat('pmkb cold build', runs, fresh, pmkbBuild);
  const stages = Object.keys(stageTimings(cold[0]!.stderr));
  const stageNote = stages.map((s) => `${s} ${seconds(median(cold.map((r) => stageTimings(r.stderr)[s] ?? 0)))}`).join(', ');
  const warm = await repeat('pmkb warm build, nothing changed', runs, () => undefined, pmkbBuild);
  const one = await repeat('pmkb warm build, one file changed', runs, (i) => writeFileSync(files[i]!, bodyEdit(readFileSync(files[i]!, 'utf8'), i)), pmkbBuild);
  const siteFiles = readdirSync(path.join(project, 'site'), { recursive: true }).length;
  rows.push(
    { label: 'pmkb cold build', value: seconds(msOf(cold)), note: stageNote },
    { label: 'pmkb warm build, nothing changed', value: seconds(msOf(warm)), note: `parse ${seconds(median(warm.map((r) => stageTimings(r.stderr).parse ?? 0)))}` },
    { label: 'pmkb warm build, one file changed', value: seconds(msOf(one)) },
    { label: 'pmkb peak RSS (cold / warm build)', value: `${Math.round(rssOf(cold))} / ${Math.round(rssOf(warm))} MB`, note: `${siteFiles} files and folders in the site` },
  );

  log(`  pmkb dev: ${edits} body edits, ${edits} metadata edits…`);
  const dev = await run(path.join(root, 'bench', 'dev.ts'), [project, String(edits), corpus], { cwd: project, node: true, env: { NODE_OPTIONS: `--import ${tsx}` } });
  const latency = JSON.parse(dev.stdout.trim().split('\n').pop()!) as { firstBuildMs: number; body: number[]; metadata: number[]; moved: number };
  const p = (list: number[]) => `p50 ${Math.round(percentile(list, 50))} ms / p95 ${Math.round(percentile(list, 95))} ms`;
  rows.push(
    { label: 'pmkb dev, body edit → HTML written', value: p(latency.body) },
    { label: 'pmkb dev, metadata edit → HTML written', value: p(latency.metadata), note: `${latency.moved}/${latency.metadata.length} edits moved index pages` },
    { label: 'pmkb dev peak RSS', value: `${Math.round(dev.rssMb ?? 0)} MB`, note: `start-up build ${seconds(latency.firstBuildMs)}` },
  );

  if (!values['no-others']) {
    const eleventy = await repeat(`Eleventy ${ELEVENTY_VERSION} cold build`, runs, () => undefined, () => eleventyBuild(installEleventy(log), corpus, work));
    rows.push({ label: `Eleventy ${ELEVENTY_VERSION} cold build`, value: seconds(msOf(eleventy)), note: `pmkb cold = ${(msOf(cold) / msOf(eleventy)).toFixed(2)}× (target ≤ 2×); peak RSS ${Math.round(rssOf(eleventy))} MB` });
    // pmkb's site has a search index and Eleventy's has none: what adding Pagefind to Eleventy's costs.
    const search = await repeat('Pagefind over the Eleventy site', runs, () => undefined, () => pagefindOverEleventy(work, size));
    if (search) {
      const both = msOf(eleventy) + msOf(search);
      rows.push({
        label: 'Pagefind CLI over the Eleventy site',
        value: seconds(msOf(search)),
        note: `Eleventy + Pagefind ${seconds(both)}: pmkb cold = ${(msOf(cold) / both).toFixed(2)}× that; Pagefind alone = ${(msOf(search) / msOf(eleventy)).toFixed(2)}× Eleventy; peak RSS ${Math.round(rssOf(search))} MB`,
      });
    } else {
      rows.push({ label: 'Pagefind CLI', value: 'cannot run here', note: 'skipped' });
    }
    const hugo = hugoAvailable();
    if (hugo) {
      const hugoRuns = await repeat('Hugo cold build', runs, () => undefined, () => hugoBuild(corpus, work));
      rows.push({ label: `Hugo cold build (${hugo.split(' ')[1] ?? 'hugo'})`, value: seconds(msOf(hugoRuns)), note: `pmkb warm no-change = ${(msOf(warm) / msOf(hugoRuns)).toFixed(2)}× (target ≤ 0.3×); pmkb cold = ${(msOf(cold) / msOf(hugoRuns)).toFixed(2)}×` });
    } else {
      rows.push({ label: 'Hugo', value: 'not on PATH', note: 'skipped' });
    }
  }
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  return rows;
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
log(`pmkb benchmark on ${machine}; median of ${runs} runs`);
const output = [`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; medians of ${runs} runs, ${edits} edits of each kind.`, ''];
for (const size of sizes) {
  const rows = await benchmark(size);
  output.push(`**${size.toLocaleString('en')} incidents**`, '', '| Measure | Result | Notes |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.label} | ${r.value} | ${r.note ?? ''} |`), '');
}
process.stdout.write(`${output.join('\n')}\n`);
