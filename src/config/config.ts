import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Status } from '../model/incident.generated.js';
import type { SectionKey } from '../model/sections.js';
import { SECTION_KEYS } from '../model/sections.js';
import { DEFAULT_SECTIONS, DEFAULT_STATUSES, DEFAULT_TRIGGERS, DEFAULT_ZONES } from './defaults.js';
import type { DateOrder } from '../stages/extract/dates.js';

/** The config file as written (pmkb.config.yaml / .json); see schemas/config.schema.json. */
export interface ConfigFile {
  title?: string;
  baseUrl?: string;
  src?: string;
  out?: string;
  extensions?: string[];
  include?: string[];
  exclude?: string[];
  dateOrder?: DateOrder;
  defaultZone?: string;
  statuses?: Record<string, Exclude<Status, 'unknown'>>;
  triggers?: Record<string, string[]>;
  sections?: Partial<Record<SectionKey, string[]>>;
  zones?: Record<string, string>;
  networks?: { aliases?: Record<string, string>; defaults?: Record<string, string> };
  now?: string;
}

/** Config with every default filled in. Plain data, so it can cross into worker threads. */
export interface Config {
  title: string;
  baseUrl: string;
  src: string;
  out: string;
  extensions: string[];
  /** Globs of files to read; when empty, files ending in one of `extensions` are read. */
  include: string[];
  exclude: string[];
  dateOrder: DateOrder;
  defaultZone: string;
  statuses: Array<[string, Status]>;
  triggers: Array<[string, string[]]>;
  sections: Record<SectionKey, string[]>;
  zones: Record<string, string>;
  networks: { aliases: Record<string, string>; defaults: Record<string, string> };
  /** The day action-item ages are counted to (YYYY-MM-DD); null: the newest incident's date. */
  now: string | null;
}

export const CONFIG_FILES = ['pmkb.config.yaml', 'pmkb.config.yml', 'pmkb.config.json'];

export function resolveConfig(file: ConfigFile = {}): Config {
  const lower = (record: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  const sections = Object.fromEntries(
    SECTION_KEYS.map((key) => [key, [...(file.sections?.[key] ?? []).map((s) => s.toLowerCase()), ...DEFAULT_SECTIONS[key]]]),
  ) as Record<SectionKey, string[]>;
  return {
    title: file.title ?? 'Postmortems',
    baseUrl: file.baseUrl ?? '',
    src: file.src ?? 'postmortems',
    out: file.out ?? 'site',
    extensions: file.extensions ?? ['.md', '.markdown'],
    include: file.include ?? [],
    exclude: file.exclude ?? [],
    dateOrder: file.dateOrder ?? 'mdy',
    defaultZone: file.defaultZone ?? 'UTC',
    statuses: [...Object.entries(file.statuses ?? {}).map(([phrase, status]) => [phrase.toLowerCase(), status] as [string, Status]), ...DEFAULT_STATUSES],
    triggers: [...Object.entries(file.triggers ?? {}), ...DEFAULT_TRIGGERS],
    sections,
    zones: { ...DEFAULT_ZONES, ...lower(file.zones) },
    networks: { aliases: lower(file.networks?.aliases), defaults: file.networks?.defaults ?? {} },
    now: file.now ?? null,
  };
}

/** Finds the config file: the one named, else the first of CONFIG_FILES in `cwd`, else none. */
export async function findConfigFile(cwd: string, explicit?: string): Promise<string | undefined> {
  if (explicit) return path.resolve(cwd, explicit);
  for (const name of CONFIG_FILES) {
    const candidate = path.join(cwd, name);
    try {
      await readFile(candidate);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}
