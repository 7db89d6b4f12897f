import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pagefindPackage } from '../src/stages/search/pagefind.js';
import { run, type Run } from './measure.js';

export const ELEVENTY_VERSION = '3.1.7';

/**
 * Eleventy, installed into a temporary folder (kept between benchmark runs, never a dependency of
 * pmkb). Returns the path of its command-line script.
 */
export function installEleventy(log: (line: string) => void): string {
  const dir = path.join(os.tmpdir(), `pmkb-bench-eleventy-${ELEVENTY_VERSION}`);
  const cli = path.join(dir, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
  if (!existsSync(cli)) {
    log(`Installing Eleventy ${ELEVENTY_VERSION} into ${dir}…`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `@11ty/eleventy@${ELEVENTY_VERSION}`], { cwd: dir, stdio: 'ignore' });
  }
  return cli;
}

/** Eleventy building the corpus with one small layout, as a team would start. */
export async function eleventyBuild(cli: string, corpus: string, work: string): Promise<Run> {
  const includes = path.join(work, 'eleventy-includes');
  mkdirSync(includes, { recursive: true });
  writeFileSync(path.join(includes, 'postmortem.liquid'), '<!doctype html><html lang="en"><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1><p>{{ status }} {{ network }}</p>{{ content }}</body></html>\n');
  const config = path.join(work, 'eleventy.config.mjs');
  writeFileSync(
    config,
    `export default function (config) {\n  config.addGlobalData('layout', 'postmortem.liquid');\n  return { dir: { input: ${JSON.stringify(corpus)}, includes: ${JSON.stringify(path.relative(corpus, includes))}, output: ${JSON.stringify(path.join(work, 'eleventy-site'))} } };\n}\n`,
  );
  rmSync(path.join(work, 'eleventy-site'), { recursive: true, force: true });
  return run(cli, ['--config', config, '--quiet'], { cwd: work, node: true });
}

/**
 * Pagefind's own command line indexing the site Eleventy built, as Pagefind's documentation has an
 * Eleventy site add search: with the Pagefind pmkb depends on, so both index with the same binary.
 * Null when that Pagefind cannot run here (no package, no binary for this platform).
 */
export async function pagefindOverEleventy(work: string, pages: number): Promise<Run | null> {
  const installed = pagefindPackage();
  const cli = installed && path.join(installed.dir, 'lib', 'runner', 'bin.cjs');
  // Only a Pagefind that cannot start is skipped: one that fails on these pages fails the benchmark.
  if (!cli || !(await run(process.execPath, [cli, '--version'], { cwd: work }).then(() => true, () => false))) return null;
  const site = path.join(work, 'eleventy-site');
  rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
  // Not as a Node program: GNU time then measures the binary the script starts, not only the script.
  const measured = await run(process.execPath, [cli, '--site', site, '--quiet'], { cwd: work });
  const indexed = (JSON.parse(readFileSync(path.join(site, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> }).languages;
  const count = Object.values(indexed).reduce((sum, language) => sum + language.page_count, 0);
  if (count !== pages) throw new Error(`Pagefind indexed ${count} of the Eleventy site's ${pages} pages.`);
  return measured;
}

export function hugoAvailable(): string | null {
  try {
    return execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Hugo building the corpus with minimal single and list layouts (no theme). */
export async function hugoBuild(corpus: string, work: string): Promise<Run> {
  const site = path.join(work, 'hugo');
  const layouts = path.join(site, 'layouts', '_default');
  mkdirSync(layouts, { recursive: true });
  writeFileSync(path.join(site, 'hugo.toml'), `baseURL = "http://example.org/"\ntitle = "Postmortems"\ncontentDir = ${JSON.stringify(corpus)}\ndisableKinds = ["RSS", "sitemap", "robotsTXT", "404"]\n`);
  writeFileSync(path.join(layouts, 'baseof.html'), '<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n');
  writeFileSync(path.join(layouts, 'single.html'), '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.status }} {{ .Params.network }}</p>{{ .Content }}{{ end }}\n');
  writeFileSync(path.join(layouts, 'list.html'), '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n');
  rmSync(path.join(work, 'hugo-site'), { recursive: true, force: true });
  rmSync(path.join(site, 'resources'), { recursive: true, force: true });
  return run('hugo', ['--quiet', '--source', site, '--destination', path.join(work, 'hugo-site')], { cwd: site });
}
