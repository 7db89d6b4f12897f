import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/** The folder Pagefind's browser script expects at the site root. */
export const SEARCH_FOLDER = 'pagefind';
/** Pagefind's ready-made search interfaces; assets/search.js talks to pagefind.js directly instead. */
const UNUSED = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;
/** Templates mark the part of a page worth searching (the incident pages); other pages are not indexed. */
const SEARCHABLE = 'data-pagefind-body';
/** Pages sent to Pagefind before its answer to the earliest of them. */
const SENT_AHEAD = 16;

type Pagefind = typeof import('pagefind');
type PagefindIndex = NonNullable<Awaited<ReturnType<Pagefind['createIndex']>>['index']>;

/**
 * The Pagefind full-text index of a site, fed page by page while the site is written so that
 * indexing runs beside rendering instead of after it. Search is an extra: every failure (no
 * Pagefind binary for this platform, say) is kept as a reason, never thrown, so the site is still
 * published.
 */
export class SearchIndex {
  private index?: PagefindIndex;
  private failure?: string;
  private pending: Array<Promise<void>> = [];
  private turn: Promise<void> = Promise.resolve();
  private unanswered: Array<Promise<void>> = [];
  private pagefind?: Pagefind;
  private offered = 0;
  pages = 0;

  private constructor(private readonly timeoutMs: number) {}

  /**
   * `timeoutMs` bounds each wait on Pagefind (growing with the pages offered, for the final write):
   * a Pagefind that stops answering is stopped, and the build goes on without search.
   */
  static async start(options: { timeoutMs?: number } = {}): Promise<SearchIndex> {
    const search = new SearchIndex(options.timeoutMs ?? 60_000);
    try {
      // Imported on demand: the binary comes from a platform-specific optional package that may be missing.
      const pagefind = await import('pagefind');
      search.pagefind = pagefind;
      const { index, errors } = await search.answered(pagefind.createIndex({}), search.timeoutMs);
      if (index) search.index = index;
      else search.failure = errors.join('; ') || 'Pagefind did not start';
    } catch (error) {
      search.failure = reason(error);
    }
    // Pagefind keeps one backend per process, dead or alive: a failed one must not fail the next build.
    if (search.failure) await search.pagefind?.close();
    return search;
  }

  /**
   * Offers a file of the site, which will be at `staged` on disk: pages marked searchable are
   * indexed. Pagefind numbers pages in the order it receives them, so pages are sent in the order
   * offered (whatever order their files land in), and the index is the same from build to build.
   */
  add(relativePath: string, staged: Promise<string>): void {
    const index = this.index;
    if (!index || !relativePath.endsWith('.html')) return;
    this.offered++;
    // Awaited when its turn comes; a failure is reported then, not as an unhandled rejection now.
    staged.catch(() => undefined);
    // Resolves once the page is sent (or found not searchable): the next page may then be sent.
    const sent = this.turn.then(async () => {
      // Pages come faster than Pagefind indexes them when most are kept from the last build: only a
      // few are read and sent ahead of its answers, so memory holds a few pages, not the site.
      if (this.unanswered.length >= SENT_AHEAD) await this.unanswered.shift();
      const text = await readFile(await staged, 'utf8');
      const reply = text.includes(SEARCHABLE) ? index.addHTMLFile({ sourcePath: relativePath, content: text }) : undefined;
      if (reply) this.unanswered.push(reply.then(() => undefined, () => undefined));
      return { reply };
    });
    this.turn = sent.then(
      () => undefined,
      () => undefined,
    );
    this.pending.push(
      sent
        .then(async ({ reply }) => {
          const added = await reply;
          if (!added) return;
          if (added.errors.length) this.failure ??= added.errors.join('; ');
          else this.pages++;
        })
        .catch((error: unknown) => {
          this.failure ??= reason(error);
        }),
    );
  }

  /** Writes the index into `<siteDir>/pagefind/` once every page offered is in, and stops Pagefind. */
  async write(siteDir: string): Promise<{ pages: number } | { error: string }> {
    try {
      // Generous: a large site is slow to index, but a Pagefind that hangs must not hang the build.
      const allowance = this.timeoutMs + 50 * this.offered;
      await this.answered(Promise.all(this.pending), allowance);
      if (!this.index || this.failure) return { error: this.failure ?? 'Pagefind did not start' };
      const folder = path.join(siteDir, SEARCH_FOLDER);
      const written = await this.answered(this.index.writeFiles({ outputPath: folder }), allowance);
      if (written.errors.length) return { error: written.errors.join('; ') };
      for (const name of await readdir(folder)) if (UNUSED.test(name)) await rm(path.join(folder, name));
      return { pages: this.pages };
    } catch (error) {
      return { error: reason(error) };
    } finally {
      await this.close();
    }
  }

  /** Stops Pagefind without writing, for a build that failed. */
  async close(): Promise<void> {
    const index = this.index;
    this.index = undefined;
    if (index) await this.answered(index.deleteIndex(), this.timeoutMs).catch(() => undefined);
  }

  /** `promise`, or a failure after `ms`, when Pagefind is stopped so nothing waits on it any more. */
  private answered<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Rejected before Pagefind is stopped, so this reason, not "backend closed", is the one reported.
        reject(new Error(`Pagefind did not answer within ${ms / 1000} s and was stopped`));
        this.index = undefined;
        void this.pagefind?.close().catch(() => undefined);
      }, ms);
      timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
