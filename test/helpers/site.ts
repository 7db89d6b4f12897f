import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postmortem } from '../../bench/corpus.js';

/** `count` generated postmortems (bench/corpus.ts) as project files under postmortems/, and their names. */
export function generatedPostmortems(count: number): { files: Record<string, string>; names: string[] } {
  const files: Record<string, string> = {};
  const names: string[] = [];
  for (let n = 1; n <= count; n++) {
    const { name, text } = postmortem(n);
    files[`postmortems/${name}`] = text;
    names.push(name);
  }
  return { files, names };
}

/** A throwaway project folder laid out inline, Hugo-style: `{ 'postmortems/a.md': '…' }`. */
export function tempProject(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmkb-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return {
    dir,
    read: (name: string) => readFileSync(path.join(dir, name), 'utf8'),
    exists: (name: string) => existsSync(path.join(dir, name)),
    write: (name: string, content: string | Uint8Array) => writeFileSync(path.join(dir, name), content),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
