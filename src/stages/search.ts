import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** The folder Pagefind's browser script expects at the site root. */
export const SEARCH_FOLDER = 'pagefind';
/** Pagefind's ready-made search interfaces; assets/search.js talks to pagefind.js directly instead. */
const UNUSED = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

/**
 * Builds the Pagefind full-text index of the site in `siteDir` (every page marked
 * `data-pagefind-body`: the incident pages) into `<siteDir>/pagefind/`. Search is an extra: a
 * failure (no Pagefind binary for this platform, say) is returned as a reason, never thrown, so the
 * site is still published.
 */
export async function indexSearch(siteDir: string): Promise<{ pages: number } | { error: string }> {
  try {
    // Imported on demand: the binary comes from a platform-specific optional package that may be missing.
    const pagefind = await import('pagefind');
    const { index, errors } = await pagefind.createIndex({});
    if (!index) return { error: errors.join('; ') || 'Pagefind did not start' };
    try {
      const added = await index.addDirectory({ path: siteDir });
      if (added.errors.length) return { error: added.errors.join('; ') };
      const folder = path.join(siteDir, SEARCH_FOLDER);
      const written = await index.writeFiles({ outputPath: folder });
      if (written.errors.length) return { error: written.errors.join('; ') };
      for (const name of await readdir(folder)) if (UNUSED.test(name)) await rm(path.join(folder, name));
      return { pages: added.page_count };
    } finally {
      await index.deleteIndex();
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
