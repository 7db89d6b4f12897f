import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root, whether running from src/ (tests) or dist/ (installed). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEMPLATES_DIR = `${PACKAGE_ROOT}templates`;
export const SCHEMAS_DIR = `${PACKAGE_ROOT}schemas`;

export function loadSchema(name: 'incident' | 'config' | 'frontmatter'): Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCHEMAS_DIR}/${name}.schema.json`, 'utf8')) as Record<string, unknown>;
}
