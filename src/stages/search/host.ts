import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { filesIn } from '../write.js';
import { PagefindIndex, stopService } from './pagefind.js';

/** Templates mark the part of a page worth searching (the incident pages); other pages are not indexed. */
const SEARCHABLE = 'data-pagefind-body';

/**
 * Written into each shard's folder once it is complete: what it was made from, and its files with
 * their sizes, so a later build keeps it only if it is whole and was made from the same pages.
 */
export const SHARD_STAMP = 'pmkb-shard.json';

interface Stamp {
  signature: string;
  files: Array<[relative: string, size: number]>;
}

export interface ShardSpec {
  shard: number;
  /**
   * The shard's folder in the site being replaced. When it holds a complete shard, that copy is kept
   * if the pages hash as the ones it was made from; until one of them is seen to differ (or, with
   * `changing`, from the start), they are indexed too, in case it is not.
   */
  previousFolder?: string;
  /**
   * Some of the shard's pages are about to be rendered again: it is indexed from its first page on,
   * beside the writing, instead of once the first changed page arrives. If the pages come out the
   * same after all, the previous shard is still kept.
   */
  changing?: boolean;
}

/** What a search thread is asked to do, in order. */
export type SearchTask =
  | { kind: 'search-open'; shards: ShardSpec[]; seed: string; timeoutMs: number }
  /** `kept`: the file is the previous site's, unchanged; a shard stops holding its pages at the first that is not. */
  | { kind: 'search-add'; shard: number; path: string; file: string; kept: boolean }
  /** `skip`: names in the folder that belong to other shards. */
  | { kind: 'search-write'; shard: number; folder: string; skip: ReadonlySet<string> }
  | { kind: 'search-close' };

export type ShardResult = { pages: number; reused: boolean } | { error: string };

interface Shard {
  /** Of the seed, then each searchable page's path and bytes in the order they came. */
  signature: Hash;
  previous?: { folder: string; stamp: Stamp };
  /** Until a page shows the shard is not the previous one: the pages read, to index if it is not. */
  held?: Array<{ path: string; file: string }>;
  index?: Promise<PagefindIndex>;
  /** Searchable pages offered: what a kept shard reports, since no index counted them. */
  pages: number;
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
        for (const { shard, previousFolder, changing } of task.shards) {
          const signature = createHash('sha1').update(task.seed).update('\0');
          const stamp = previousFolder ? readStamp(previousFolder) : undefined;
          const previous = stamp ? { previous: { folder: previousFolder!, stamp } } : {};
          this.shards.set(shard, stamp && !changing ? { signature, ...previous, held: [], pages: 0 } : { signature, ...previous, index: PagefindIndex.open(task.timeoutMs), pages: 0 });
        }
        return null;
      case 'search-add': {
        const shard = this.shard(task.shard);
        // Read here, not in the thread that wrote it: the main thread is busy rendering.
        const content = readFileSync(task.file, 'utf8');
        if (!content.includes(SEARCHABLE)) return null;
        shard.signature.update(task.path).update('\0').update(content).update('\0');
        shard.pages++;
        // A changed page means a changed shard: its pages are indexed as they come from now on.
        if (shard.held && !task.kept) await this.index(shard);
        if (shard.held) shard.held.push({ path: task.path, file: task.file });
        else await (await shard.index!).add(task.path, content);
        return null;
      }
      case 'search-write':
        return this.write(this.shard(task.shard), task.folder, task.skip);
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

  private async write(shard: Shard, folder: string, skip: ReadonlySet<string>): Promise<ShardResult> {
    const signature = shard.signature.digest('base64url');
    const previous = shard.previous;
    if (previous && signature === previous.stamp.signature && (await copyShard(previous.folder, folder, previous.stamp))) {
      // An index started for pages expected to change, which came out as they were, is not needed.
      await (await shard.index)?.close();
      return { pages: shard.pages, reused: true };
    }
    if (shard.held) await this.index(shard);
    const written = await (await shard.index!).write(folder);
    if ('error' in written) return written;
    await writeStamp(folder, signature, skip);
    return { pages: written.pages, reused: false };
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

function readStamp(folder: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(path.join(folder, SHARD_STAMP), 'utf8')) as Partial<Stamp>;
    const valid = typeof stamp.signature === 'string' && Array.isArray(stamp.files) && stamp.files.every((f) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'number');
    return valid ? (stamp as Stamp) : undefined;
  } catch {
    return undefined;
  }
}

async function writeStamp(folder: string, signature: string, skip: ReadonlySet<string>): Promise<void> {
  const files = (await filesIn(folder)).map((file) => path.relative(folder, file)).filter((relative) => !skip.has(relative.split(path.sep)[0]!) && relative !== SHARD_STAMP);
  const sized = await Promise.all(files.map(async (relative): Promise<[string, number]> => [relative, (await stat(path.join(folder, relative))).size]));
  await writeFile(path.join(folder, SHARD_STAMP), `${JSON.stringify({ signature, files: sized } satisfies Stamp)}\n`);
}

/**
 * Hard-links (or copies) the previous site's shard into the new site: every file its stamp lists,
 * each still of the size listed, then the stamp. False, with nothing left behind, when it cannot.
 */
async function copyShard(from: string, to: string, stamp: Stamp): Promise<boolean> {
  const placed: string[] = [];
  try {
    for (const [relative, size] of [...stamp.files, [SHARD_STAMP, -1] as const]) {
      const source = path.join(from, relative);
      if (size !== -1 && (await stat(source)).size !== size) throw new Error(`${relative} changed`);
      const target = path.join(to, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await link(source, target).catch(() => copyFile(source, target));
      placed.push(target);
    }
    return true;
  } catch {
    await Promise.all(placed.map((file) => rm(file, { force: true })));
    return false;
  }
}
