import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalyzedFile } from './analyze.js';

export const CACHE_FOLDER = '.pmkb-cache';

/** The cache folder for a project, created with a .gitignore of its own so it is never committed. */
export async function cacheRoot(projectDir: string): Promise<string> {
  const root = path.join(projectDir, CACHE_FOLDER);
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
  return root;
}

/** Writes beside and renames over, so a reader never sees half an entry. */
export async function writeAtomic(file: string, text: string, folderMade?: Promise<unknown>): Promise<void> {
  await (folderMade ?? mkdir(path.dirname(file), { recursive: true }));
  const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Analyses of source files by key: a hash of the file's bytes and path, the pmkb code and the config
 * settings that affect parsing, so a hit is exactly what parsing again would give.
 * Entries are plain JSON files; anything unreadable, corrupt or from another key is a miss.
 */
export class ParseCache {
  readonly dir: string;
  /** Shard folders made by this process: thousands of entries need only 64 mkdir calls. */
  private readonly folders = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {
    this.dir = path.join(root, 'parse');
  }

  /** Entries spread over 64 folders by the key's first character, so no folder grows huge. */
  file(key: string): string {
    return path.join(this.dir, key.slice(0, 1), `${key}.json`);
  }

  /**
   * The analysis stored under `key`: only its first line is decoded and parsed; of the narratives
   * (97% of the bytes), which stay on disk, only the line breaks and braces are looked at.
   */
  get(key: string, relativePath: string): AnalyzedFile | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file(key));
    } catch {
      return undefined;
    }
    const end = bytes.indexOf(NEWLINE);
    const first = bytes.toString('utf8', 0, end < 0 ? bytes.length : end);
    // The key opens the entry, so a misplaced one is told without parsing it.
    if (!first.startsWith(entryOpening(key))) return undefined;
    try {
      const file = (JSON.parse(first) as { file?: Partial<AnalyzedFile> }).file;
      const valid =
        file?.path === relativePath &&
        Array.isArray(file.incidents) &&
        Array.isArray(file.diagnostics) &&
        Array.isArray(file.checks) &&
        file.checks.length === file.incidents.length &&
        // A damaged entry is a miss: its narratives are read later, when it would be too late to parse again.
        narrativesLookWhole(bytes, end, file.incidents.length);
      return valid ? (file as AnalyzedFile) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The narrative lines of the entry stored under `key`, one per incident, and the byte offset each
   * starts at (then the offset just past the last one's end); undefined when the entry is gone.
   */
  narratives(key: string): { lines: string[]; starts: number[] } | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file(key));
    } catch {
      return undefined;
    }
    if (!bytes.subarray(0, 64 + key.length).toString('utf8').startsWith(entryOpening(key))) return undefined;
    const spans = lineSpans(bytes, bytes.indexOf(NEWLINE));
    const lines = spans.map(([start, stop]) => bytes.toString('utf8', start, stop));
    const starts = spans.map(([start]) => start);
    starts.push(bytes.length + 1);
    return { lines, starts };
  }

  /** One narrative line of the entry under `key`, read from its bytes `start` to `end`; undefined when gone. */
  narrativeLine(key: string, start: number, end: number): string | undefined {
    let fd: number;
    try {
      fd = openSync(this.file(key), 'r');
    } catch {
      return undefined;
    }
    try {
      const bytes = Buffer.alloc(end - start);
      const read = readSync(fd, bytes, 0, bytes.length, start);
      // The same key is the same bytes: anything else is not the entry these offsets came from.
      return read === bytes.length && looksLikeObject(bytes, [0, read]) ? bytes.toString('utf8') : undefined;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Stores an analysis text (see analysisText); the key travels with it, so a misplaced or stale
   * entry is detected. False when it could not be stored.
   */
  async put(key: string, text: string): Promise<boolean> {
    const file = this.file(key);
    const folder = path.dirname(file);
    const made = () => {
      if (!this.folders.has(folder)) this.folders.set(folder, mkdir(folder, { recursive: true }));
      return this.folders.get(folder);
    };
    const end = text.indexOf('\n');
    const [analysis, narratives] = end < 0 ? [text, ''] : [text.slice(0, end), text.slice(end)];
    const entry = `${entryOpening(key)}"file":${analysis}}${narratives}`;
    // Once more with the folder made again: a long dev session outlives a cache cleared by hand.
    // A cache that cannot be written (read-only checkout, full disk) only makes the next build slower.
    return writeAtomic(file, entry, made())
      .catch(() => {
        this.folders.delete(folder);
        return writeAtomic(file, entry, made());
      })
      .then(
        () => true,
        () => false,
      );
  }

  /**
   * Removes entries no build has used lately. Old entries stay while there are few of them, so
   * switching branches back and forth keeps its cache; they go once they outnumber the live ones.
   */
  async prune(used: ReadonlySet<string>): Promise<number> {
    const entries: string[] = [];
    for (const shard of await readdir(this.dir).catch(() => [])) {
      for (const name of await readdir(path.join(this.dir, shard)).catch(() => [])) entries.push(path.join(this.dir, shard, name));
    }
    if (entries.length <= 2 * used.size + 256) return 0;
    const stale = entries.filter((file) => !used.has(path.basename(file, '.json')));
    await Promise.all(stale.map((file) => rm(file, { force: true })));
    return stale.length;
  }
}

const NEWLINE = 0x0a;
const OPEN = 0x7b;
const CLOSE = 0x7d;

/**
 * Each line after the one that ends at byte `end` (-1: there is none), as its byte range. A line
 * break is one byte that no character's UTF-8 encoding holds, so the bytes split as the text would.
 */
function lineSpans(bytes: Buffer, end: number): Array<[start: number, stop: number]> {
  const spans: Array<[number, number]> = [];
  for (let start = end + 1; end >= 0; start = end + 1) {
    end = bytes.indexOf(NEWLINE, start);
    spans.push([start, end < 0 ? bytes.length : end]);
  }
  return spans;
}

/** Begins with `{` and ends with `}`: what a JSON object's line does, and a cut one does not. */
function looksLikeObject(bytes: Buffer, [start, stop]: [number, number]): boolean {
  return stop > start && bytes[start] === OPEN && bytes[stop - 1] === CLOSE;
}

/**
 * The entry holds `count` narrative lines after its analysis line (which ends at byte `end`, or is
 * the whole entry at -1), each looking like a JSON object: what a cut or damaged entry does not.
 */
function narrativesLookWhole(bytes: Buffer, end: number, count: number): boolean {
  if (end < 0) return count === 0 && bytes[bytes.length - 1] === CLOSE;
  // A line break with nothing after it: an entry of no narratives, as analysisText writes none.
  const spans = end + 1 === bytes.length ? [] : lineSpans(bytes, end);
  return spans.length === count && spans.every((span) => looksLikeObject(bytes, span));
}

/** How an entry stored under `key` begins: the key travels with the entry (see ParseCache.put). */
function entryOpening(key: string): string {
  return `{"key":${JSON.stringify(key)},`;
}
