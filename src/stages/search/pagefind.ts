import { readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Outstanding } from '../../core/concurrency.js';

type Pagefind = typeof import('pagefind');
type Index = NonNullable<Awaited<ReturnType<Pagefind['createIndex']>>['index']>;

/** Pagefind's ready-made search interfaces; assets/search.js talks to pagefind.js directly instead. */
const UNUSED = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;
/** How pmkb asks Pagefind to index (its defaults): part of what names an index, with Pagefind's version. */
export const INDEX_OPTIONS = {};
/**
 * The installed pagefind package's folder and version, or undefined without one. Found from its
 * entry module, up to the package.json that names it: the package exports no `package.json`, so
 * `require.resolve('pagefind/package.json')` fails.
 */
export function pagefindPackage(): { dir: string; version: string } | undefined {
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(import.meta.resolve('pagefind')));
  } catch {
    return undefined;
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'pagefind') return { dir, version: manifest.version ?? 'unknown' };
    } catch {
      // No package.json here (or not one that parses): look further up.
    }
  }
  return undefined;
}

/** The installed Pagefind's version: part of what names an index, so a new Pagefind indexes every shard again. */
export function pagefindVersion(): string {
  return pagefindPackage()?.version ?? 'unknown';
}

/** Pages sent to Pagefind before its answer to the earliest of them. */
const SENT_AHEAD = 16;

/**
 * Pagefind runs one service process per thread, dead or alive, whichever index asked for it:
 * imported on demand, because its binary comes from a platform-specific optional package that may
 * be missing.
 */
let loaded: Promise<Pagefind> | undefined;
const pagefind = () =>
  (loaded ??= import('pagefind').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  }));

/**
 * One Pagefind index, fed page by page. Every failure (no binary for this platform, a Pagefind that
 * stops answering) is kept as a reason, never thrown: search is an extra, and the site is published
 * without it.
 */
export class PagefindIndex {
  private index?: Index;
  private failure?: string;
  /** The latest pages sent, at most SENT_AHEAD, each settling when Pagefind has answered. */
  private unanswered: Array<Promise<void>> = [];
  /** Every page sent and not yet answered. */
  private readonly pending = new Outstanding();
  private sent = 0;
  pages = 0;

  private constructor(private readonly timeoutMs: number) {}

  /**
   * `timeoutMs` bounds each wait on Pagefind (growing with the pages added, for the final write):
   * a Pagefind that stops answering is stopped, and the build goes on without search.
   */
  static async open(timeoutMs: number): Promise<PagefindIndex> {
    const opened = new PagefindIndex(timeoutMs);
    try {
      const { index, errors } = await opened.answered((await pagefind()).createIndex(INDEX_OPTIONS), timeoutMs);
      if (index) opened.index = index;
      else opened.failure = errors.join('; ') || 'Pagefind did not start';
    } catch (error) {
      opened.failure = reason(error);
    }
    // A failed service must not fail the next build in this process.
    if (opened.failure) await stopService();
    return opened;
  }

  /**
   * Sends a page. Pagefind numbers pages in the order it receives them, so callers add pages one
   * after another, each once the last one's promise resolved; only a few are sent ahead of
   * Pagefind's answers, so memory holds a few pages, not the site.
   */
  async add(sourcePath: string, content: string): Promise<void> {
    const index = this.index;
    if (!index) return;
    // Bounded like every wait on Pagefind: its Node API never settles a request if the process dies.
    if (this.unanswered.length >= SENT_AHEAD) await this.answered(this.unanswered.shift()!, this.timeoutMs);
    this.sent++;
    const answer = index.addHTMLFile({ sourcePath, content }).then(
      (added) => {
        if (added.errors.length) this.failure ??= added.errors.join('; ');
        else this.pages++;
      },
      (error: unknown) => {
        this.failure ??= reason(error);
      },
    );
    this.pending.add(answer);
    this.unanswered.push(answer);
  }

  /** Writes the index into `folder` once every page added is in, leaving out Pagefind's unused interfaces. */
  async write(folder: string): Promise<{ pages: number } | { error: string }> {
    try {
      // Generous: a large index is slow to write, but a Pagefind that hangs must not hang the build.
      const allowance = this.timeoutMs + 50 * this.sent;
      await this.answered(this.pending.settled(), allowance);
      if (!this.index || this.failure) return { error: this.failure ?? 'Pagefind did not start' };
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

  /** Lets Pagefind forget the index. */
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
        void stopService();
      }, ms);
      timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

/** Stops this thread's Pagefind process, if one was started. */
export async function stopService(): Promise<void> {
  // Pagefind starts a new process for the next index asked for after this.
  await (await loaded?.catch(() => undefined))?.close().catch(() => undefined);
}

export const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
