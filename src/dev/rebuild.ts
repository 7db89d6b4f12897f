import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** What a dev session is asked to do and what each of its rebuilds reports. */
export interface DevOptions {
  cwd?: string;
  src?: string;
  config?: string;
  /** Where the served site is written; default `.pmkb-cache/dev/site`. */
  out?: string;
  workers?: number;
}

/** What changed on disk since the last rebuild, as the watcher saw it. */
export interface Changes {
  /** Absolute paths of source files changed, added or removed. */
  sources: Set<string>;
  /** A file was added or removed, or a folder moved: the source list must be read again. */
  rediscover: boolean;
  /** Templates need no flag: every rebuild hashes them, and pages whose templates changed re-render. */
  config: boolean;
  schemas: boolean;
}

export interface Rebuild {
  /** Site paths whose bytes changed or that were removed: the pages to reload. */
  changed: string[];
  /** Every current problem, config included; files with errors keep their last good pages. */
  diagnostics: Diagnostic[];
  /** The problems of the files read again by this rebuild (and of the config, if it changed): what to print. */
  fresh: Diagnostic[];
  /** A failure of the rebuild itself (a template that does not compile, say); the site is unchanged. */
  failure?: string;
  parsed: number;
  rendered: number;
  ms: number;
  /** Where the time went, by stage. */
  timings: Record<string, number>;
  /** The second half of a rebuild: related lists and pages across incidents (see `DevSession.followUp`). */
  followUp?: boolean;
}
