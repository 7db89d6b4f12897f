import type { Listed, Narrative, NarrativeReader } from '../model/site.js';
import { narrativeLines } from './analysis-text.js';
import { ParseCache } from './parse-cache.js';

/**
 * Where an incident's narrative is: the place of the incident in its file's analysis, and that
 * analysis's cache key or, while no cache holds it, the file's narrative lines (see analysisText).
 */
export interface NarrativeSource {
  key: string;
  index: number;
  text?: string;
}

/**
 * What render threads need to read the same narratives (see NarrativeStore.from). Each file's text
 * is sent once: structured cloning would copy a shared string once per incident of the file.
 */
export interface NarrativeStoreData {
  cacheRoot?: string;
  texts: string[];
  sources: Array<[id: string, key: string, index: number, text: number]>;
}

/**
 * How much narrative text (in characters) stays in memory, by file, least recently used out first:
 * pages render newest first, so a collection file's incidents come spread among other files'.
 */
const TEXT_KEPT = 16 * 1024 * 1024;

/** A narrative the parse cache no longer holds: cleared by hand, or pruned by another build. */
export class MissingNarrativeError extends Error {
  override name = 'MissingNarrativeError';

  constructor(readonly path: string) {
    super(`The narrative of ${path} is no longer in the parse cache: another build may have removed or damaged it. Build again (in pmkb dev, save ${path} again).`);
  }

  /** Whether one is `error`, or the cause an error was wrapped around. */
  static isCauseOf(error: unknown): boolean {
    for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof MissingNarrativeError) return true;
    return false;
  }
}

/**
 * The narratives of a site's incidents, by id, read when a page needs one. A site of ten thousand
 * incidents holds about 30 KB of narrative per incident: 300 MB that would otherwise stay in memory
 * from parsing to the last page. Each read parses only its incident's line, so a file of a hundred
 * incidents costs no more to read back than a hundred files of one.
 */
export class NarrativeStore implements NarrativeReader {
  private readonly sources = new Map<string, NarrativeSource>();
  /** The narrative lines of the files read last, least recently used first. */
  private readonly lines = new Map<string, { lines: string[]; size: number }>();
  private kept = 0;
  /** Where each narrative line of a cache entry starts, by key (see ParseCache.narratives). */
  private readonly starts = new Map<string, number[]>();

  /** `keep`: how many characters of narrative lines stay in memory (tests read with none kept). */
  constructor(
    private readonly cache?: ParseCache,
    private readonly keep = TEXT_KEPT,
  ) {}

  static from(data: NarrativeStoreData): NarrativeStore {
    const store = new NarrativeStore(data.cacheRoot === undefined ? undefined : new ParseCache(data.cacheRoot));
    for (const [id, key, index, text] of data.sources) store.set(id, { key, index, ...(text < 0 ? {} : { text: data.texts[text]! }) });
    return store;
  }

  data(): NarrativeStoreData {
    const texts = new Map<string, number>();
    const sources = [...this.sources].map(([id, { key, index, text }]): NarrativeStoreData['sources'][number] => {
      if (text === undefined) return [id, key, index, -1];
      if (!texts.has(text)) texts.set(text, texts.size);
      return [id, key, index, texts.get(text)!];
    });
    return { ...(this.cache ? { cacheRoot: this.cache.root } : {}), texts: [...texts.keys()], sources };
  }

  set(id: string, source: NarrativeSource): void {
    this.sources.set(id, source);
  }

  get(incident: Listed): Narrative {
    const source = this.sources.get(incident.id);
    if (!source) throw new Error(`pmkb has no narrative for incident ${incident.id} (${incident.source.path}).`);
    return this.read(source, incident.source.path);
  }

  /** A narrative from where it is; `path` names its file in the error when it is gone. */
  read(source: NarrativeSource, path: string): Narrative {
    const line = this.line(source);
    if (line === undefined) throw new MissingNarrativeError(path);
    // Parsed on every read: callers get objects of their own.
    return JSON.parse(line) as Narrative;
  }

  private line(source: NarrativeSource): string | undefined {
    const kept = this.lines.get(source.key);
    if (kept) {
      this.lines.delete(source.key);
      this.lines.set(source.key, kept);
      return kept.lines[source.index];
    }
    // A file read before and dropped since: only this incident's line is read again. A file of a
    // hundred incidents, spread among other files' in page order, is not read whole for each.
    const starts = source.text === undefined ? this.starts.get(source.key) : undefined;
    if (starts && this.cache) return this.cache.narrativeLine(source.key, starts[source.index]!, starts[source.index + 1]! - 1);
    const read = source.text !== undefined ? { lines: narrativeLines(source.text) } : this.cache?.narratives(source.key);
    if (!read) return undefined;
    if ('starts' in read) this.starts.set(source.key, read.starts);
    const size = read.lines.reduce((sum, line) => sum + line.length, 0);
    this.lines.set(source.key, { lines: read.lines, size });
    this.kept += size;
    for (const [key, old] of this.lines) {
      if (this.kept <= this.keep) break;
      this.lines.delete(key);
      this.kept -= old.size;
    }
    return read.lines[source.index];
  }
}
