import { startServer, type DevServer } from './server.js';
import { DevSession, type DevOptions, type Rebuild } from './session.js';
import { watchProject } from './watch.js';

export type { Rebuild } from './session.js';

export interface StartDevOptions extends DevOptions {
  port?: number;
  host?: string;
  /** Called after the first build and after every rebuild, once the served files are written. */
  onRebuild?: (rebuild: Rebuild, session: DevSession) => void;
}

export interface Dev {
  url: string;
  session: DevSession;
  server: DevServer;
  /** Resolves when the watcher has scanned everything: edits after this trigger rebuilds. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** `pmkb dev`: build, serve, watch, rebuild what changed and tell open pages. */
export async function startDev(options: StartDevOptions = {}): Promise<Dev> {
  const { session, first } = await DevSession.start(options);
  let failure = first.failure;
  const server = await startServer(session.outDir, { port: options.port, host: options.host, state: () => ({ diagnostics: session.diagnostics, failure }) });
  options.onRebuild?.(first, session);
  const watcher = watchProject(session.watched, async (changes) => {
    const rebuild = await session.update(changes);
    failure = rebuild.failure;
    watcher.retarget(session.watched);
    server.broadcast(rebuild.changed, { diagnostics: rebuild.diagnostics, failure });
    options.onRebuild?.(rebuild, session);
  });
  return {
    url: server.url,
    session,
    server,
    ready: watcher.ready,
    async close() {
      await watcher.close();
      await server.close();
      await session.close();
    },
  };
}
