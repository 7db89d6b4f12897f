import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.js';
import { PACKAGE_ROOT } from '../model/schemas.js';
import { VERSION } from '../version.js';

export function hash(...parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash('sha256');
  // A separator no text contains, so ("ab", "c") and ("a", "bc") hash differently.
  for (const part of parts) h.update(part).update('\0');
  return h.digest('base64url');
}

/** Passes `pieces` through, then gives their hash: the same as hash() of them joined. */
export function* hashing(pieces: Iterable<string>, done: (digest: string) => void): Generator<string> {
  const h = createHash('sha256');
  for (const piece of pieces) {
    h.update(piece);
    yield piece;
  }
  done(h.update('\0').digest('base64url'));
}

/** Every file under `dir` whose name passes `keep`, in a fixed order, hashed with its path. */
function hashTree(dir: string, keep: (name: string) => boolean): string {
  const h = createHash('sha256');
  let names: string[];
  try {
    names = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter(keep).sort();
  } catch {
    return 'missing';
  }
  for (const name of names) {
    try {
      h.update(name).update('\0').update(readFileSync(path.join(dir, name))).update('\0');
    } catch {
      // a folder, or a file removed while reading: the names still count
    }
  }
  return h.digest('base64url');
}

let code: string | undefined;

/** Forgets the hashed code and schemas, for dev mode after a schema file changed. */
export function refreshCodeVersion(): void {
  code = undefined;
}

/**
 * The pmkb that is running: its version, its own code and its schemas. Hashing the code as well as
 * the version means a contributor's edit to an extractor invalidates cached results even though the
 * version number has not moved.
 */
export function codeVersion(): string {
  code ??= hash(
    VERSION,
    hashTree(fileURLToPath(new URL('..', import.meta.url)), (n) => /\.(?:ts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')),
    hashTree(`${PACKAGE_ROOT}schemas`, (n) => n.endsWith('.json')),
  );
  return code;
}

/** Settings that only change how pages look, not what is read from a file. */
const PRESENTATION_ONLY = new Set<string>(['title', 'baseUrl', 'src', 'out']);

/** What a file's parse result depends on besides its bytes and path. */
export function parseEnvironment(config: Config): string {
  const relevant = Object.entries(config).filter(([key]) => !PRESENTATION_ONLY.has(key));
  return hash(codeVersion(), JSON.stringify(relevant));
}

/** What every page depends on besides the incidents: the code, the whole config and the templates. */
export function pageEnvironment(config: Config, templatesDir: string): string {
  return hash(codeVersion(), JSON.stringify(config), hashTree(templatesDir, () => true));
}
