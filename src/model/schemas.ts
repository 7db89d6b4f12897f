import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root, whether running from src/ (tests) or dist/ (installed). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function loadSchema(name: 'incident' | 'config' | 'frontmatter'): Record<string, unknown> {
  return JSON.parse(readFileSync(`${PACKAGE_ROOT}schemas/${name}.schema.json`, 'utf8')) as Record<string, unknown>;
}
