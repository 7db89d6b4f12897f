import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OutputFile } from './render.js';

export interface WriteResult {
  written: number;
  unchanged: number;
}

export class UnsafeOutputError extends Error {}

/**
 * Refuses output folders whose replacement would destroy something that is not a built site: the
 * file system root, the home folder, the source folder or any folder that holds it.
 */
export function checkOutputFolder(outDir: string, srcDir: string): void {
  const out = path.resolve(outDir);
  const src = path.resolve(srcDir);
  const problem =
    out === path.parse(out).root ? 'it is the file system root'
    : out === os.homedir() ? 'it is your home folder'
    : out === src ? 'it is the source folder'
    : src.startsWith(out + path.sep) ? 'it contains the source folder'
    : null;
  if (problem) throw new UnsafeOutputError(`Refusing to write the site to ${out}: ${problem}. Choose another --out folder.`);
}

/**
 * Writes the site to a staging folder beside the output and swaps it in only when every file is
 * there, so a failed or killed build leaves the previous site intact. A file whose bytes did not
 * change is hard-linked from the previous site, keeping its modification time: deploy tools that
 * compare times see only real changes.
 */
export async function writeSite(outDir: string, files: readonly OutputFile[]): Promise<WriteResult> {
  const out = path.resolve(outDir);
  const staging = `${out}.pmkb-staging-${process.pid}`;
  const previous = `${out}.pmkb-previous-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const result: WriteResult = { written: 0, unchanged: 0 };
  try {
    const folders = new Set(files.map((f) => path.dirname(path.join(staging, f.path))));
    for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
    for (const file of files) {
      const target = path.join(staging, file.path);
      if (!target.startsWith(staging + path.sep)) throw new UnsafeOutputError(`Refusing to write ${file.path}: it points outside the output folder.`);
      const old = path.join(out, file.path);
      if (await sameContent(old, file.content)) {
        try {
          await link(old, target);
          result.unchanged++;
          continue;
        } catch {
          // Hard links can fail (another device, a file system without them): write a copy instead.
        }
      }
      await writeFile(target, file.content);
      result.written++;
    }
    const hadOutput = await exists(out);
    if (hadOutput) await rename(out, previous);
    await rename(staging, out);
    if (hadOutput) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return result;
}

async function sameContent(file: string, content: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size !== Buffer.byteLength(content)) return false;
    return (await readFile(file, 'utf8')) === content;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
