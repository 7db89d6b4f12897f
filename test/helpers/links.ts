import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}

const idCache = new Map<string, Set<string>>();

/** Every id (and legacy `name` anchor) in an HTML file, entities in them decoded. */
function anchorsIn(file: string): Set<string> {
  let ids = idCache.get(file);
  if (!ids) {
    const html = readFileSync(file, 'utf8');
    ids = new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')));
    idCache.set(file, ids);
  }
  return ids;
}

/**
 * Every internal href/src in the built site that does not resolve to a file (or folder index), and
 * every fragment (`page/#section`, `#section`) that names no element id on its target page.
 */
export function brokenLinks(siteDir: string): string[] {
  idCache.clear();
  const broken: string[] = [];
  for (const file of htmlFiles(siteDir)) {
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
      const url = m[1]!.replace(/&amp;/g, '&');
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) continue;
      const [target, fragment] = url.split('#') as [string, string | undefined];
      let resolved = target ? path.resolve(path.dirname(file), decodeURIComponent(target.split('?')[0]!)) : file;
      if (existsSync(resolved) && statSync(resolved).isDirectory()) resolved = path.join(resolved, 'index.html');
      if (!existsSync(resolved)) broken.push(`${path.relative(siteDir, file)} → ${url}`);
      else if (fragment && resolved.endsWith('.html') && !anchorsIn(resolved).has(decodeURIComponent(fragment))) {
        broken.push(`${path.relative(siteDir, file)} → ${url} (no element with id "${fragment}")`);
      }
    }
  }
  return broken;
}
