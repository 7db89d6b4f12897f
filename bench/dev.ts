/**
 * Measures `pmkb dev` edit → HTML written latency, in a process of its own (so its peak memory is
 * its own): `node --import tsx bench/dev.ts <project> <edits>`. Runs the compiled dist/, as users do.
 * Prints one JSON line: latencies in ms for body edits and for metadata edits.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bodyEdit, metadataEdit } from './corpus.js';

type DevModule = typeof import('../src/dev/index.js');
type Rebuild = import('../src/dev/index.js').Rebuild;

const [project, editsArg, corpus] = process.argv.slice(2) as [string, string, string];
const edits = Number(editsArg);
const root = path.resolve(import.meta.dirname, '..');
const { startDev } = (await import(pathToFileURL(path.join(root, 'dist/dev/index.js')).href)) as DevModule;
const { boundHeapGrowth } = (await import(pathToFileURL(path.join(root, 'dist/cli/heap.js')).href)) as typeof import('../src/cli/heap.js');
// As `pmkb dev` runs it.
boundHeapGrowth();

const listeners = new Set<(rebuild: Rebuild) => void>();
const start = performance.now();
const dev = await startDev({ cwd: project, port: 0, onRebuild: (rebuild) => [...listeners].forEach((l) => l(rebuild)) });
const firstBuildMs = performance.now() - start;
await dev.ready;

/**
 * The first rebuild that read an edit: it parsed a file or, when an earlier run left that very text
 * in the cache, rendered pages. Rechecks, unchanged saves and follow-ups do not count.
 */
const nextRebuild = () =>
  new Promise<Rebuild>((resolve) => {
    const listener = (rebuild: Rebuild) => {
      if (rebuild.followUp || (rebuild.parsed === 0 && rebuild.rendered === 0)) return;
      listeners.delete(listener);
      resolve(rebuild);
    };
    listeners.add(listener);
  });

const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => path.join(corpus, f));
// Metadata edits need YAML front matter with a date and a status to change.
const withFrontMatter = files.filter((f) => /^---\n[\s\S]*?^date: [\s\S]*?^status: /m.test(readFileSync(f, 'utf8')));

async function measure(candidates: string[], edit: (text: string, n: number) => string, offset: number) {
  const latencies: number[] = [];
  let moved = 0;
  for (let i = 0; i < edits; i++) {
    // A different file each time, spread over the corpus: chokidar ignores a second change to one file within 50 ms.
    const file = candidates[Math.floor(((i + offset) * candidates.length) / (edits * 2 + 1)) % candidates.length]!;
    const done = nextRebuild();
    const t0 = performance.now();
    writeFileSync(file, edit(readFileSync(file, 'utf8'), i + 1));
    const rebuild = await Promise.race([
      done,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`No rebuild within 60 s of editing ${file}: did the edit change it?`)), 60_000).unref()),
    ]);
    latencies.push(performance.now() - t0);
    if (rebuild.failure) throw new Error(rebuild.failure);
    if (rebuild.changed.includes('incidents/index.html')) moved++;
  }
  return { latencies, moved };
}

const body = await measure(files, bodyEdit, 0);
const metadata = await measure(withFrontMatter, metadataEdit, edits);
await dev.close();
process.stdout.write(`${JSON.stringify({ firstBuildMs, body: body.latencies, metadata: metadata.latencies, moved: metadata.moved })}\n`);
