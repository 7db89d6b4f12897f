import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export interface SourceFile {
  /** Path shown to people and stored in the model: relative to the source folder, with / separators. */
  path: string;
  absolute: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.pmkb-cache']);

/**
 * Lists the postmortems under `srcDir` whose names end in one of `extensions`, sorted so builds do
 * not depend on directory order. Symlinked folders are followed once; a link loop is not.
 */
export async function discover(srcDir: string, extensions: readonly string[]): Promise<SourceFile[]> {
  const root = path.resolve(srcDir);
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => null);
    if (!real || seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await walk(absolute);
      else if (isFile && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext.toLowerCase()))) {
        files.push({ path: path.relative(root, absolute).split(path.sep).join('/'), absolute });
      }
    }
  };
  await walk(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files named on the command line are read whatever their extension (`pmkb check "PM2022-009 - …"`). */
export async function explicitFiles(paths: readonly string[], cwd: string, extensions: readonly string[]): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) {
      for (const file of await discover(absolute, extensions)) out.push({ ...file, path: path.relative(cwd, file.absolute).split(path.sep).join('/') });
    } else {
      out.push({ path: path.relative(cwd, absolute).split(path.sep).join('/') || given, absolute });
    }
  }
  return out;
}
