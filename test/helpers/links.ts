import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}

/** Every internal href/src in the built site that does not resolve to a file (or folder index). */
export function brokenLinks(siteDir: string): string[] {
  const broken: string[] = [];
  for (const file of htmlFiles(siteDir)) {
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
      const url = m[1]!.replace(/&amp;/g, '&');
      if (/^(?:[a-z]+:|\/\/|#)/i.test(url)) continue;
      const [target] = url.split('#');
      let resolved = path.resolve(path.dirname(file), decodeURIComponent(target!));
      if (existsSync(resolved) && statSync(resolved).isDirectory()) resolved = path.join(resolved, 'index.html');
      if (!existsSync(resolved)) broken.push(`${path.relative(siteDir, file)} → ${url}`);
    }
  }
  return broken;
}
