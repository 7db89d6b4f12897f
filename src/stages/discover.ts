import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../core/errors.js';

export interface SourceFile {
  /** Path shown to people and stored in the model: relative to the source folder, with / separators. */
  path: string;
  absolute: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.pmkb-cache']);

/** Names discovery never looks inside or lists: hidden files and folders (.git, .pmkb-cache) and node_modules. */
export const isSkipped = (name: string) => name.startsWith('.') || SKIPPED_FOLDERS.has(name);

/** Which files count as postmortems: glob patterns when given, else file endings. */
export interface Selection {
  extensions: readonly string[];
  include?: readonly string[];
  exclude?: readonly string[];
}

function matcher(selection: Selection): (relative: string) => boolean {
  const options = { dot: false, nocase: true };
  const excluded = selection.exclude?.length ? picomatch([...selection.exclude], options) : () => false;
  const included = selection.include?.length
    ? picomatch([...selection.include], options)
    : (relative: string) => selection.extensions.some((ext) => relative.toLowerCase().endsWith(ext.toLowerCase()));
  return (relative) => included(relative) && !excluded(relative);
}

/**
 * Lists the postmortems under `srcDir` that the selection matches, sorted so builds do not depend on
 * directory order. Symlinked folders are followed once; a link loop is not.
 */
export async function discover(srcDir: string, selection: Selection): Promise<SourceFile[]> {
  const root = path.resolve(srcDir);
  // A mistyped --src must not publish an empty site over a good one.
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`The source folder ${root} ${info ? 'is not a folder' : 'does not exist'}. Pass --src, or set src in pmkb.config.yaml.`);
  const wanted = matcher(selection);
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => null);
    if (!real || seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (isSkipped(entry.name)) continue;
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await walk(absolute);
      else if (isFile) {
        const relative = path.relative(root, absolute).split(path.sep).join('/');
        if (wanted(relative)) files.push({ path: relative, absolute });
      }
    }
  };
  await walk(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files named on the command line are read whatever their extension (`pmkb check "PM2022-009 - …"`). */
export async function explicitFiles(paths: readonly string[], cwd: string, selection: Selection): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) {
      for (const file of await discover(absolute, selection)) out.push({ ...file, path: path.relative(cwd, file.absolute).split(path.sep).join('/') });
    } else {
      out.push({ path: path.relative(cwd, absolute).split(path.sep).join('/') || given, absolute });
    }
  }
  return out;
}
