import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PagefindIndex, stopService } from './pagefind.js';

/** Templates mark the part of a page worth searching (the incident pages); other pages are not indexed. */
const SEARCHABLE = 'data-pagefind-body';

export interface ShardSpec {
  shard: number;
  /**
   * The signature of the pages the previous site's copy of this shard indexed. With one, pages are
   * only read and hashed until the shard is written: the previous copy is kept if they are the same.
   */
  previous?: string;
}

/** What a search thread is asked to do, in order. */
export type SearchTask =
  | { kind: 'search-open'; shards: ShardSpec[]; seed: string; timeoutMs: number }
  /** `kept`: the file is the previous site's, unchanged; a shard stops holding its pages at the first that is not. */
  | { kind: 'search-add'; shard: number; path: string; file: string; kept: boolean }
  | { kind: 'search-write'; shard: number; folder: string; previousFolder?: string; skip: ReadonlySet<string> }
  | { kind: 'search-close' };

export type ShardResult = { pages: number; signature: string; reused: boolean } | { error: string };

interface Shard {
  /** Of the seed, then each searchable page's path and bytes in the order they came. */
  signature: Hash;
  previous?: string;
  /** While the shard may still be the previous one: the pages read, to index if it is not. */
  held?: Array<{ path: string; file: string }>;
  index?: Promise<PagefindIndex>;
}

/**
 * The shards of the search index that one thread builds, in one Pagefind process. Tasks run one
 * after another in the order they came, so each shard gets its pages in the site's order.
 */
export class ShardHost {
  private readonly shards = new Map<number, Shard>();
  private turn: Promise<unknown> = Promise.resolve();
  private timeoutMs = 60_000;

  handle(task: SearchTask): Promise<unknown> {
    const run = this.turn.then(() => this.run(task));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async run(task: SearchTask): Promise<unknown> {
    switch (task.kind) {
      case 'search-open':
        this.timeoutMs = task.timeoutMs;
        for (const { shard, previous } of task.shards) {
          const signature = createHash('sha1').update(task.seed).update('\0');
          this.shards.set(shard, previous ? { signature, previous, held: [] } : { signature, index: PagefindIndex.open(task.timeoutMs) });
        }
        return null;
      case 'search-add': {
        const shard = this.shard(task.shard);
        // Read here, not in the thread that wrote it: the main thread is busy rendering.
        const content = readFileSync(task.file, 'utf8');
        if (!content.includes(SEARCHABLE)) return null;
        shard.signature.update(task.path).update('\0').update(content).update('\0');
        // A changed page means a changed shard: its pages are indexed as they come from now on.
        if (shard.held && !task.kept) await this.index(shard);
        if (shard.held) shard.held.push({ path: task.path, file: task.file });
        else await (await shard.index!).add(task.path, content);
        return null;
      }
      case 'search-write':
        return this.write(this.shard(task.shard), task.folder, task.previousFolder, task.skip);
      case 'search-close': {
        const indexes = [...this.shards.values()].flatMap((s) => (s.index ? [s.index] : []));
        this.shards.clear();
        for (const index of indexes) await (await index).close();
        await stopService();
        return null;
      }
    }
  }

  private shard(shard: number): Shard {
    const found = this.shards.get(shard);
    if (!found) throw new Error(`This search thread has no shard ${shard}.`);
    return found;
  }

  private async write(shard: Shard, folder: string, previousFolder: string | undefined, skip: ReadonlySet<string>): Promise<ShardResult> {
    const signature = shard.signature.digest('base64url');
    if (shard.held) {
      if (signature === shard.previous && previousFolder && (await copyShard(previousFolder, folder, skip))) {
        return { pages: shard.held.length, signature, reused: true };
      }
      await this.index(shard);
    }
    const written = await (await shard.index!).write(folder);
    return 'error' in written ? written : { pages: written.pages, signature, reused: false };
  }

  /** Stops holding the shard's pages: opens its index and adds the pages held so far. */
  private async index(shard: Shard): Promise<void> {
    const held = shard.held ?? [];
    shard.held = undefined;
    shard.index = PagefindIndex.open(this.timeoutMs);
    const index = await shard.index;
    for (const page of held) await index.add(page.path, readFileSync(page.file, 'utf8'));
  }
}

/**
 * Hard-links (or copies) the previous site's shard into the new site, leaving out names under its
 * folder that belong to other shards. False, with nothing left behind, when it cannot.
 */
async function copyShard(from: string, to: string, skip: ReadonlySet<string>): Promise<boolean> {
  const placed: string[] = [];
  try {
    const entries = await readdir(from, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(from, path.join(e.parentPath, e.name)))
      .filter((relative) => !skip.has(relative.split(path.sep)[0]!));
    if (!files.includes('pagefind-entry.json')) return false;
    for (const relative of files.sort()) {
      const target = path.join(to, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await link(path.join(from, relative), target).catch(() => copyFile(path.join(from, relative), target));
      placed.push(target);
    }
    return true;
  } catch {
    await Promise.all(placed.map((file) => rm(file, { force: true })));
    return false;
  }
}
