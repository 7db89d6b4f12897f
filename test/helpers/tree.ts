import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir` by relative path, sorted, with its bytes: two trees compare with toEqual. */
export function tree(dir: string, skip: (relative: string) => boolean = () => false): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !skip(f) && statSync(path.join(dir, f)).isFile());
  return new Map(files.sort().map((f) => [f, readFileSync(path.join(dir, f))]));
}

/** The paths where two trees differ: missing on either side, or different bytes. */
export function treeDiff(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => !a.has(name) || !b.has(name) || !a.get(name)!.equals(b.get(name)!)).sort();
}
