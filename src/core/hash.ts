import { createHash, hash as cryptoHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.js';
import { PACKAGE_ROOT } from '../model/schemas.js';
import { VERSION } from '../version.js';

/**
 * Names content for caches and change detection (not for security): SHA-1 in one call, which at
 * tens of thousands of page hashes per rebuild costs a third of a SHA-256 built up part by part.
 */
const ALGORITHM = 'sha1';

export function hash(...parts: ReadonlyArray<string | Uint8Array>): string {
  // Bytes alone (a page, a file) are hashed where they are, not copied beside a separator first.
  if (parts.length === 1 && typeof parts[0] !== 'string') return createHash(ALGORITHM).update(parts[0]!).update('\0').digest('base64url');
  // A separator no text contains, so ("ab", "c") and ("a", "bc") hash differently.
  const data = parts.every((part) => typeof part === 'string')
    ? `${parts.join('\0')}\0`
    : Buffer.concat(parts.flatMap((part) => [typeof part === 'string' ? Buffer.from(part) : part, SEPARATOR]));
  return cryptoHash(ALGORITHM, data, 'base64url');
}
const SEPARATOR = Buffer.from('\0');

/** Passes `pieces` through, then gives their hash: the same as hash() of them joined. */
export function* hashing(pieces: Iterable<string>, done: (digest: string) => void): Generator<string> {
  const h = createHash(ALGORITHM);
  for (const piece of pieces) {
    h.update(piece);
    yield piece;
  }
  done(h.update('\0').digest('base64url'));
}

/** Every file under `dir` whose name passes `keep`, in a fixed order, hashed with its path. */
function hashTree(dir: string, keep: (name: string) => boolean): string {
  const h = createHash(ALGORITHM);
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
let parseCode: string | undefined;

/** Forgets the hashed code and schemas, for dev mode after a schema file changed. */
export function refreshCodeVersion(): void {
  code = undefined;
  parseCode = undefined;
}

const CODE_DIR = fileURLToPath(new URL('..', import.meta.url));
const isCode = (name: string) => /\.(?:ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts');

/**
 * The pmkb that is running: its version, its own code and its schemas. Hashing the code as well as
 * the version means a contributor's edit to an extractor invalidates cached results even though the
 * version number has not moved.
 */
export function codeVersion(): string {
  code ??= hash(VERSION, hashTree(CODE_DIR, isCode), hashTree(`${PACKAGE_ROOT}schemas`, (n) => n.endsWith('.json')));
  return code;
}

/**
 * The code a file's analysis runs: core/analyze and every module it imports, directly or not, with
 * the schemas. An edit to the templates leaves every cached parse valid; so does an edit to the
 * renderer, but for the modules an incident's brief is made with (stages/brief.ts imports them).
 */
function parseCodeVersion(): string {
  if (parseCode) return parseCode;
  const h = createHash(ALGORITHM).update(VERSION);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    h.update(path.relative(CODE_DIR, file)).update('\0').update(text).update('\0');
    // Relative imports name the compiled .js; under the TypeScript sources the file is .ts.
    for (const [, specifier] of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), specifier!);
      visit([target, target.replace(/\.js$/, '.ts')].find((candidate) => isCode(candidate) && existsSync(candidate)) ?? target);
    }
  };
  visit([path.join(CODE_DIR, 'core/analyze.js'), path.join(CODE_DIR, 'core/analyze.ts')].find((f) => existsSync(f))!);
  parseCode = hash(h.digest('base64url'), hashTree(`${PACKAGE_ROOT}schemas`, (n) => n.endsWith('.json')));
  return parseCode;
}

/** Settings that only change how pages look, not what is read from a file. */
const PRESENTATION_ONLY = new Set<string>(['title', 'baseUrl', 'src', 'out']);

/** What a file's parse result depends on besides its bytes and path. */
export function parseEnvironment(config: Config): string {
  const relevant = Object.entries(config).filter(([key]) => !PRESENTATION_ONLY.has(key));
  return hash(parseCodeVersion(), JSON.stringify(relevant));
}

/** What every page depends on besides the incidents: the code, the whole config and the templates. */
export function pageEnvironment(config: Config, templatesDir: string): string {
  return hash(codeVersion(), JSON.stringify(config), hashTree(templatesDir, () => true));
}
