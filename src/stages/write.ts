import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eachConcurrently } from '../core/concurrency.js';
import { UsageError } from '../core/errors.js';
import type { FileContent, OutputFile } from './render.js';

export interface WriteResult {
  written: number;
  unchanged: number;
}

export interface WriteOptions {
  /**
   * Runs on the complete staging folder before it replaces the output, to add files made from the
   * site itself (the search index). Files it adds (under `afterWriteFolder`) are kept from the
   * previous site when unchanged.
   */
  afterWrite?: (stagingDir: string) => Promise<void>;
  /**
   * The folder, relative to the site, that `afterWrite` adds its files to: only it is looked through
   * for them. Default: the whole site, which at 10 000 incidents takes seconds to list.
   */
  afterWriteFolder?: string;
  /**
   * Told of each file in the order the files come, with the promise of where it is in the staging
   * folder once it is written or linked there, and the staging folder itself.
   */
  onFile?: (relativePath: string, staged: Promise<StagedFile>, stagingDir: string) => void;
}

/** A file of the site in the staging folder: `kept` when it is the previous site's file, linked. */
export interface StagedFile {
  file: string;
  kept: boolean;
}

export class UnsafeOutputError extends UsageError {}

/**
 * Refuses output folders whose replacement would destroy something that is not a built site: the
 * file system root, the home folder or one that holds it, the folder pmkb runs from or one that
 * holds it, the source folder or one that holds it.
 */
export function checkOutputFolder(outDir: string, srcDir: string, cwd = process.cwd()): void {
  const out = path.resolve(outDir);
  const inside = (folder: string) => folder === out || folder.startsWith(out + path.sep);
  const problem =
    out === path.parse(out).root ? 'it is the file system root'
    : inside(os.homedir()) ? 'it is (or contains) your home folder'
    : out === path.resolve(srcDir) ? 'it is the source folder'
    : inside(path.resolve(srcDir)) ? 'it contains the source folder'
    : inside(path.resolve(cwd)) ? 'it is (or contains) the folder pmkb runs in'
    : null;
  if (problem) throw new UnsafeOutputError(`Refusing to write the site to ${out}: ${problem}. Choose another --out folder.`);
}

/** Left in every site pmkb writes, so it only ever replaces a folder it wrote itself. */
export const SITE_MARKER = '.pmkb-site';

async function checkPreviousSite(out: string): Promise<void> {
  const entries: string[] = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new UnsafeOutputError(`Refusing to write the site to ${out}: ${error.code === 'ENOTDIR' ? 'it is a file' : error.message}.`);
  });
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new UnsafeOutputError(`Refusing to replace ${out}: it holds files pmkb did not write (no ${SITE_MARKER} in it). Empty it, or choose another --out folder.`);
  }
}

/** A file of the site to write, or one known to be byte-identical to the previous site's copy. */
export type SiteFile = (OutputFile & { differs?: boolean }) | { path: string; reuse: true };

/** Files handled at once: the disk, not the CPU, is the limit, and it likes a few requests queued. */
const CONCURRENT_FILES = 16;

/**
 * Writes the site to a staging folder beside the output and swaps it in only when every file is
 * there, so a failed or killed build leaves the previous site intact. A file whose bytes did not
 * change is hard-linked from the previous site, keeping its modification time: deploy tools that
 * compare times see only real changes. Files may arrive one by one (rendered as they are written),
 * so the whole site never has to be in memory; `reuse` files are linked without being read.
 */
export async function writeSite(outDir: string, files: Iterable<SiteFile> | AsyncIterable<SiteFile>, options: WriteOptions = {}): Promise<WriteResult> {
  const out = path.resolve(outDir);
  await checkPreviousSite(out);
  const staging = `${out}.pmkb-staging-${process.pid}`;
  const previous = `${out}.pmkb-previous-${process.pid}`;
  const addedTo = path.join(staging, options.afterWriteFolder ?? '');
  if (addedTo !== staging && !addedTo.startsWith(staging + path.sep)) throw new UnsafeOutputError(`Refusing to look for files in ${options.afterWriteFolder}: it is outside the output folder.`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, SITE_MARKER), 'This folder was written by pmkb; the next build replaces it whole.\n');
  const result: WriteResult = { written: 0, unchanged: 0 };
  // A first build has no previous files to compare with: looking for each costs a failed stat.
  const hadOutput = await exists(out);
  const planned = new Set<string>([path.join(staging, SITE_MARKER)]);
  const folders = new Map<string, Promise<unknown>>();
  const folder = (dir: string) => {
    if (!folders.has(dir)) folders.set(dir, mkdir(dir, { recursive: true }));
    return folders.get(dir)!;
  };
  /** Links a file unchanged since the previous site, writes any other; true when linked. */
  const place = async (file: SiteFile, old: string, target: string): Promise<boolean> => {
    if ('reuse' in file || (hadOutput && (await sameContent(old, file.content)))) {
      try {
        await link(old, target);
        result.unchanged++;
        return true;
      } catch (error) {
        // Hard links can fail (another device, a file system without them): write a copy instead.
        if ('reuse' in file) {
          await copyFile(old, target).catch(() => {
            throw new Error(`The previous site's ${file.path} disappeared during the build.`, { cause: error });
          });
          result.written++;
          return true;
        }
      }
    }
    await writeFile(target, writable(file.content));
    result.written++;
    return false;
  };
  try {
    await eachConcurrently(files, CONCURRENT_FILES, async (file) => {
      const target = path.join(staging, file.path);
      if (!target.startsWith(staging + path.sep)) throw new UnsafeOutputError(`Refusing to write ${file.path}: it points outside the output folder.`);
      planned.add(target);
      const placed = folder(path.dirname(target)).then(() => place(file, path.join(out, file.path), target));
      options.onFile?.(file.path, placed.then((kept) => ({ file: target, kept })), staging);
      await placed;
    });
    if (options.afterWrite) {
      await options.afterWrite(staging);
      // The hook may have added nothing at all (a search index that failed is removed).
      const added = (await filesIn(addedTo).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)))).filter((file) => !planned.has(file));
      // Side by side, like the pages: a search index is thousands of files.
      await eachConcurrently(added, CONCURRENT_FILES, async (file) => {
        const old = path.join(out, path.relative(staging, file));
        // Already linked from the previous site (a search shard kept as it was).
        if (await sameFile(old, file)) {
          result.unchanged++;
          return;
        }
        if (await sameContent(old, await readFile(file))) {
          try {
            await link(old, `${file}.pmkb-link`);
            await rename(`${file}.pmkb-link`, file);
            result.unchanged++;
            return;
          } catch {
            await rm(`${file}.pmkb-link`, { force: true });
          }
        }
        result.written++;
      });
    }
    const replacing = await exists(out);
    if (replacing) await rename(out, previous);
    await rename(staging, out);
    if (replacing) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    // The failure is what to report, not a folder something else is still writing into (the caller cleans up after it).
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  return result;
}

/**
 * Updates a site in place, for dev mode: each changed file is written beside its target and renamed
 * over it, so a reader (the dev server) sees either the old page or the new one; `reuse` files are
 * left as they are. Returns the paths whose bytes changed and those removed.
 */
export async function updateSite(
  outDir: string,
  files: Iterable<SiteFile> | AsyncIterable<SiteFile>,
  remove: readonly string[] = [],
): Promise<{ written: string[]; removed: string[] }> {
  const out = path.resolve(outDir);
  const written: string[] = [];
  const removed: string[] = [];
  const inside = (relative: string) => {
    const target = path.join(out, relative);
    if (!target.startsWith(out + path.sep)) throw new UnsafeOutputError(`Refusing to write ${relative}: it points outside the output folder.`);
    return target;
  };
  await eachConcurrently(files, CONCURRENT_FILES, async (file) => {
    const target = inside(file.path);
    if ('reuse' in file || (!file.differs && (await sameContent(target, file.content)))) return;
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.pmkb-${process.pid}.tmp`;
    await writeFile(temporary, writable(file.content));
    await rename(temporary, target);
    written.push(file.path);
  });
  for (const relative of remove) {
    const target = inside(relative);
    if (!(await exists(target))) continue;
    await rm(target, { force: true });
    removed.push(relative);
    // Leave no empty incidents/<id>/ folders behind, which a server would list as pages.
    for (let dir = path.dirname(target); dir.startsWith(out + path.sep); dir = path.dirname(dir)) {
      if ((await readdir(dir).catch(() => ['?'])).length > 0) break;
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { written, removed };
}


/** Pieces of content are gathered into writes of about this many characters. */
const WRITE_CHUNK = 1 << 20;

/**
 * Content as writeFile takes it. Pieces (an incident each in incidents.json, tens of thousands of
 * them) are joined into chunks of about a megabyte: writeFile makes one write, a round trip to the
 * thread pool, per piece it is given.
 */
function writable(content: FileContent): string | Uint8Array | Iterable<string> {
  return typeof content === 'string' || content instanceof Uint8Array ? content : chunked(content);
}

function* chunked(pieces: Iterable<string>, size = WRITE_CHUNK): Generator<string> {
  let gathered: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    gathered.push(piece);
    length += piece.length;
    if (length >= size) {
      yield gathered.join('');
      gathered = [];
      length = 0;
    }
  }
  if (gathered.length > 0) yield gathered.join('');
}

async function sameContent(file: string, content: FileContent): Promise<boolean> {
  // Content in pieces is written without comparing: it is made only when its inputs changed.
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) return false;
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size !== Buffer.byteLength(content)) return false;
    return typeof content === 'string' ? (await readFile(file, 'utf8')) === content : Buffer.compare(content, await readFile(file)) === 0;
  } catch {
    return false;
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b)]);
  return Boolean(x && x.ino === y.ino && x.dev === y.dev);
}

/** Every file under `dir`, by absolute path, sorted. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
