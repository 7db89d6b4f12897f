import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Config } from '../config/config.js';
import { build } from '../core/build.js';
import { findConfigFile } from '../config/config.js';
import { loadConfigFile } from '../core/config-file.js';
import { UsageError } from '../core/errors.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { slugify } from '../stages/extract/normalize.js';
import { CANONICAL_SECTIONS, comment, frontMatterBlock, LESSON_HEADINGS } from './canonical.js';

export interface NewOptions {
  title: string;
  cwd: string;
  /** Folder to write to; default: the source folder. */
  dir?: string;
  src?: string;
  config?: string;
  /** YYYY-MM-DD; default: today on this machine's clock. */
  date?: string;
  network?: string;
  authors?: string[];
  trigger?: string;
}

export interface NewResult {
  configDiagnostics: Diagnostic[];
  /** The file written, absolute. */
  file?: string;
  id?: string;
}

/** A problem with what was asked for, not with any postmortem: the CLI exits 2. */

/**
 * Writes a canonical postmortem to fill in. Its id is the date and title as a slug, suffixed -2, -3…
 * while an incident in the source folder or a file in the target folder already has it; an existing
 * file is never replaced.
 */
export async function newPostmortem(options: NewOptions): Promise<NewResult> {
  const title = options.title.trim();
  if (!title) throw new UsageError('Give the postmortem a title: pmkb new "API gateway certificate expired".');
  const date = options.date ?? DateTime.local().toISODate()!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid) throw new UsageError(`--date must be a day written YYYY-MM-DD, not "${date}".`);

  // The existing incidents, read the way `pmkb check` reads them, so the new id collides with none;
  // file names count too, because a draft nobody has written in yet is not an incident.
  // The first postmortem of a new project creates the source folder.
  const { config, diagnostics } = await loadConfigFile(await findConfigFile(options.cwd, options.config), options.cwd);
  if (diagnostics.some((d) => d.severity === 'error')) return { configDiagnostics: diagnostics };
  await mkdir(path.resolve(options.cwd, options.src ?? config.src), { recursive: true });
  const existing = await build({ cwd: options.cwd, src: options.src, config: options.config, write: false });
  if (existing.configDiagnostics.some((d) => d.severity === 'error')) return { configDiagnostics: existing.configDiagnostics };
  const taken = new Set([...existing.incidents.map((i) => i.id), ...existing.files.map((f) => path.basename(f.path).replace(/\.[^.]+$/, ''))]);
  const dir = path.resolve(options.cwd, options.dir ?? options.src ?? existing.config.src);
  await mkdir(dir, { recursive: true });

  const base = `${date}-${slugify(title)}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const file = path.join(dir, `${id}.md`);
    if (taken.has(id) || existsSync(file)) continue;
    try {
      await writeFile(file, scaffold({ ...options, title, date, id }, existing.config), { flag: 'wx' });
      return { configDiagnostics: existing.configDiagnostics, file, id };
    } catch (error) {
      // Another process took the name between the check and the write: try the next one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The text of a new postmortem: front matter, then every canonical section with one line of guidance. */
export function scaffold(options: Pick<NewOptions, 'network' | 'authors' | 'trigger'> & { id: string; title: string; date: string }, config: Config): string {
  const frontMatter = frontMatterBlock(
    {
      id: options.id,
      title: options.title,
      date: options.date,
      status: 'draft',
      network: options.network?.trim() || null,
      authors: options.authors ?? [],
      severity: null,
      tags: [],
      trigger: { category: null, text: options.trigger?.trim() || null },
      references: [],
    },
    ['authors', 'tags', 'references'],
    { status: 'draft | investigating | mitigated | resolved | closed', 'trigger.category': 'optional: derived from the text by keyword rules' },
  );

  const sections = CANONICAL_SECTIONS.map(({ key, heading, guidance }) => {
    const parts = [`## ${heading}`, comment(guidance)];
    if (key === 'lessons') parts.push(...Object.values(LESSON_HEADINGS).map((h) => `### ${h}`));
    // The zone is written from the start, so no entry is ever read in a guessed zone.
    if (key === 'timeline') parts.push(`${options.date} (all times ${config.defaultZone})`);
    return parts.join('\n\n');
  });
  return `${frontMatter}\n${sections.join('\n\n')}\n`;
}
