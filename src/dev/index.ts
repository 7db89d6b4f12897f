import { startServer, type DevServer } from './server.js';
import type { DevOptions, Rebuild } from './rebuild.js';
import { DevSession } from './session.js';
import { watchProject } from './watch.js';

export type { Rebuild } from './rebuild.js';

export interface StartDevOptions extends DevOptions {
  port?: number;
  host?: string;
  /** Called after the first build, every rebuild and every follow-up that publishes, once the served files are written. */
  onRebuild?: (rebuild: Rebuild, session: DevSession) => void;
  /** Called if the watcher stopped for good: the site is still served, but edits are no longer seen. */
  onWatcherStopped?: (message: string) => void;
}

export interface Dev {
  url: string;
  session: DevSession;
  server: DevServer;
  /** Resolves once the watcher has looked at every file (true: edits after this trigger rebuilds), or has stopped or closed first (false). */
  ready: Promise<boolean>;
  close(): Promise<void>;
}

/** How long edits must pause before related lists and pages across incidents are brought up to date. */
const FOLLOW_UP_DELAY_MS = 300;

/** `pmkb dev`: build, serve, watch, rebuild what changed and tell open pages. */
export async function startDev(options: StartDevOptions = {}): Promise<Dev> {
  const { session, first } = await DevSession.start(options);
  let failure = first.failure;
  /** Why edits are no longer seen, once the watcher stopped for good. */
  let stopped: string | undefined;
  const state = () => ({ diagnostics: session.diagnostics, failure, stopped });
  const server = await startServer(session.outDir, { port: options.port, host: options.host, state });
  options.onRebuild?.(first, session);
  const announce = (rebuild: Rebuild) => {
    failure = rebuild.failure;
    server.broadcast(rebuild.changed, { diagnostics: rebuild.diagnostics, failure, stopped });
    options.onRebuild?.(rebuild, session);
  };
  let followUp: NodeJS.Timeout | undefined;
  let closed = false;
  const watcher = watchProject(
    session.watched,
    async (changes) => {
      clearTimeout(followUp);
      const rebuild = await session.update(changes);
      watcher.retarget(session.watched);
      announce(rebuild);
      // Once edits pause: an author saving again and again should not wait for pages across every
      // incident to render between saves. Not awaited; the next batch of changes cancels it.
      // A rebuild that close() waited for must not leave one behind to write after the manifest was saved.
      if (!closed) followUp = setTimeout(() => void session.followUp().then((next) => next && announce(next)), FOLLOW_UP_DELAY_MS);
    },
    {
      onStopped: (reason) => {
        // Shown in open pages as well as in the terminal: an author would otherwise wait for a reload that never comes.
        stopped = `Its file watcher stopped (${reason}). The site is still served; restart pmkb dev to watch again.`;
        server.broadcast([], state());
        options.onWatcherStopped?.(`pmkb dev no longer sees edits. ${stopped}`);
      },
    },
  );
  return {
    url: server.url,
    session,
    server,
    ready: watcher.ready,
    async close() {
      closed = true;
      clearTimeout(followUp);
      await watcher.close();
      await server.close();
      await session.close();
    },
  };
}
