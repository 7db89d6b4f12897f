import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { postmortem } from '../../bench/corpus.js';
import { ROOT } from './parse.js';
import { tempProject } from './site.js';

/** The real-world corpus shared with every checkout, when present (see test/corpus.test.ts). */
export const REAL_CORPUS = path.resolve(ROOT, process.env.PMKB_CORPUS ?? '../shared/corpus');

/**
 * A project whose sources mix every shape pmkb reads: `count` synthetic postmortems from the
 * benchmark's generator, the bundled postmortems and, when present, the real-world corpus (whose
 * extension-less files the config includes).
 */
export function mixedProject(count: number) {
  const files: Record<string, string> = { 'pmkb.config.yaml': 'include: ["**/*"]\nexclude: ["**/MANIFEST.tsv"]\n' };
  for (let n = 1; n <= count; n++) {
    const { name, text } = postmortem(n);
    files[`postmortems/synthetic/${name}`] = text;
  }
  for (const name of readdirSync(`${ROOT}postmortems`)) files[`postmortems/bundled/${name}`] = readFileSync(`${ROOT}postmortems/${name}`, 'utf8');
  const project = tempProject(files);
  if (existsSync(path.join(REAL_CORPUS, 'MANIFEST.tsv'))) cpSync(REAL_CORPUS, path.join(project.dir, 'postmortems', 'real'), { recursive: true });
  return project;
}
