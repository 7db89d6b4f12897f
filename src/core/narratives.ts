import type { Listed, Narrative, NarrativeReader } from '../model/site.js';
import { ParseCache } from './parse-cache.js';

/**
 * Where an incident's narrative is: the place of the incident in its file's analysis, and that
 * analysis's cache key or, while no cache holds it, the text of the file's narratives.
 */
export interface NarrativeSource {
  key: string | null;
  index: number;
  text?: string;
}

/** What render threads need to read the same narratives (see NarrativeStore.from). */
export interface NarrativeStoreData {
  cacheRoot?: string;
  sources: Array<[id: string, source: NarrativeSource]>;
}

/** Files whose narratives stay parsed: the incidents of one file are often rendered close together. */
const FILES_KEPT = 8;

/**
 * The narratives of a site's incidents, by id, read when a page needs one. A site of ten thousand
 * incidents holds about 30 KB of narrative per incident: 300 MB that would otherwise stay in memory
 * from parsing to the last page.
 */
export class NarrativeStore implements NarrativeReader {
  private readonly sources = new Map<string, NarrativeSource>();
  private readonly parsed = new Map<string, Narrative[]>();

  constructor(private readonly cache?: ParseCache) {}

  static from(data: NarrativeStoreData): NarrativeStore {
    const store = new NarrativeStore(data.cacheRoot === undefined ? undefined : new ParseCache(data.cacheRoot));
    for (const [id, source] of data.sources) store.set(id, source);
    return store;
  }

  data(): NarrativeStoreData {
    return { ...(this.cache ? { cacheRoot: this.cache.root } : {}), sources: [...this.sources] };
  }

  set(id: string, source: NarrativeSource): void {
    this.sources.set(id, source);
  }

  get(incident: Listed): Narrative {
    const source = this.sources.get(incident.id);
    const narrative = source && this.fileNarratives(source)?.[source.index];
    if (!narrative) {
      throw new Error(
        `The narrative of ${incident.source.path} (incident ${incident.id}) is no longer in the parse cache: another build may have removed it. Build again.`,
      );
    }
    return narrative;
  }

  private fileNarratives(source: NarrativeSource): Narrative[] | undefined {
    const name = source.text === undefined ? `key:${source.key}` : `text:${source.key}`;
    let narratives = this.parsed.get(name);
    if (narratives) return narratives;
    narratives = source.text !== undefined ? (JSON.parse(source.text) as Narrative[]) : source.key ? this.cache?.narratives(source.key) : undefined;
    if (!narratives) return undefined;
    if (this.parsed.size >= FILES_KEPT) this.parsed.delete(this.parsed.keys().next().value!);
    this.parsed.set(name, narratives);
    return narratives;
  }
}
