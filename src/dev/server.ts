import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CLIENT_SCRIPT, OVERLAY_STYLE } from './client.js';

/** Dev-only files live under this prefix, which no built site path starts with. */
export const DEV_PREFIX = '/__pmkb/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/** What the live-reload channel says: pages that changed, and the problems to show. */
export interface DevState {
  diagnostics: readonly Diagnostic[];
  failure?: string;
  /** Why edits are no longer seen, once the watcher stopped for good. */
  stopped?: string;
}

/**
 * The file under `root` a request path names, or null when it names nothing there: `..` segments
 * (also percent-encoded), backslashes, NUL bytes and undecodable escapes are refused before the
 * path is resolved, and the resolved path must still be inside `root`.
 */
export function resolveRequest(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded) || decoded.split('/').some((segment) => segment === '..')) return null;
  const resolved = path.resolve(root, `.${decoded}`);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}

/**
 * Adds the live-reload client to a page. Built pages forbid scripts in their Content-Security-Policy;
 * dev mode allows scripts from the server itself, and nothing else, so the page behaves as built.
 */
export function injectClient(html: string): string {
  const page = html.replace(/script-src 'none'/, "script-src 'self'");
  const tag = `<script src="${DEV_PREFIX}client.js" defer></script>`;
  return page.includes('</head>') ? page.replace('</head>', `${tag}\n</head>`) : `${tag}\n${page}`;
}

export interface DevServer {
  url: string;
  /** Tells open pages what changed; each reloads when its own page or stylesheet is among `changed`. */
  broadcast(changed: readonly string[], state: DevState): void;
  close(): Promise<void>;
}

/**
 * Serves `root` at the same URLs as the built site, with server-sent events for live reload. Binds
 * 127.0.0.1 unless told otherwise; a bad request gets an error status, never a crash.
 */
function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return true;
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => host === `${name}:${port}` || host === name);
}

export async function startServer(root: string, options: { port?: number; host?: string; state: () => DevState }): Promise<DevServer> {
  const base = path.resolve(root);
  const clients = new Set<http.ServerResponse>();
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`pmkb dev: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method !== 'GET') return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    // A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and read what this
    // server says, diagnostics included: on loopback, answer only requests addressed to loopback.
    if (!options.host && !isLoopbackHost(request.headers.host, (server.address() as AddressInfo).port)) {
      return send(response, 403, 'text/plain; charset=utf-8', 'pmkb dev only answers requests for 127.0.0.1 or localhost\n');
    }
    const pathname = (request.url ?? '/').split(/[?#]/)[0]!;
    if (pathname === `${DEV_PREFIX}events`) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(event('state', options.state()));
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (pathname === `${DEV_PREFIX}client.js`) return send(response, 200, TYPES['.js']!, CLIENT_SCRIPT);
    if (pathname === `${DEV_PREFIX}overlay.css`) return send(response, 200, TYPES['.css']!, OVERLAY_STYLE);
    const file = resolveRequest(base, pathname);
    if (!file) return send(response, 400, 'text/plain; charset=utf-8', 'Bad request path\n');
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      // Relative links need the trailing slash the built site's folder URLs have. One leading
      // slash only: "//host/" would send the browser to another site.
      if (!pathname.endsWith('/')) return redirect(response, `/${pathname.replace(/^\/+/, '')}/`);
      return serveFile(response, path.join(file, 'index.html'), 200);
    }
    if (info?.isFile()) return serveFile(response, file, 200);
    return serveFile(response, path.join(base, '404.html'), 404);
  }

  async function serveFile(response: http.ServerResponse, file: string, status: number): Promise<void> {
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      const html = await readFile(file, 'utf8').catch(() => null);
      if (html === null) return send(response, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return send(response, status, type, injectClient(html));
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(response, 404, 'text/plain; charset=utf-8', 'Not found\n');
    response.writeHead(status, { 'content-type': type, 'content-length': info.size, 'cache-control': 'no-store' });
    createReadStream(file).on('error', () => response.destroy()).pipe(response);
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4321, options.host ?? '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    broadcast(changed, state) {
      // Thousands of warnings are worth serializing only for someone listening.
      if (clients.size === 0) return;
      const message = event('change', { changed: changed.map((p) => `/${p}`), ...state });
      for (const client of clients) client.write(message);
    },
    async close() {
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(body);
}

function redirect(response: http.ServerResponse, location: string): void {
  response.writeHead(301, { location, 'cache-control': 'no-store' });
  response.end();
}
