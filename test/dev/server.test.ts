import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectClient, resolveRequest, startServer, type DevServer } from '../../src/dev/server.js';
import { tempProject } from '../helpers/site.js';

/** A raw request: the path goes out exactly as written, where fetch would normalize `..` away. */
function get(url: string, rawPath: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.get({ hostname, port, path: rawPath, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

/** The first server-sent event of a given name, read from an open event stream. */
function nextEvent(url: string, name: string, opened: () => void = () => undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}__pmkb/events`, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (const block of buffer.split('\n\n').slice(0, -1)) {
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event === 'state') opened();
          if (event === name) {
            request.destroy();
            resolve(JSON.parse(/^data: (.*)$/m.exec(block)![1]!));
          }
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      });
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

describe('the dev server', () => {
  const project = tempProject({
    'site/index.html': `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'"></head><body>home</body></html>`,
    'site/incidents/a/index.html': '<html><head></head><body>incident a</body></html>',
    'site/incidents.json': '[]\n',
    'site/assets/style.css': 'body{}',
    'site/404.html': '<html><head></head><body>missing</body></html>',
    'secret.txt': 'outside the site',
  });
  const root = path.join(project.dir, 'site');
  let server: DevServer;
  beforeAll(async () => {
    server = await startServer(root, { port: 0, state: () => ({ diagnostics: [] }) });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect((await get(server.url, '/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get(server.url, '/', { host: `localhost:${new URL(server.url).port}` })).status).not.toBe(403);
  });

  it('binds 127.0.0.1 and serves the built site at its own URLs', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await get(server.url, '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('home');
    expect((await get(server.url, '/incidents/a/')).body).toContain('incident a');
    const json = await get(server.url, '/incidents.json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toBe('[]\n');
    expect((await get(server.url, '/assets/style.css')).body).toBe('body{}');
  });

  it('redirects a folder to its slash form, which relative links need, and never to another host', async () => {
    const folder = await get(server.url, '/incidents/a');
    expect(folder.status).toBe(301);
    expect(folder.headers.location).toBe('/incidents/a/');
    expect((await get(server.url, '//incidents')).headers.location).toBe('/incidents/');
  });

  it('answers unknown paths with the 404 page', async () => {
    const missing = await get(server.url, '/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('missing');
  });

  it('refuses paths outside the site, plain or encoded', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/incidents/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      const response = await get(server.url, attempt);
      expect(response.status, attempt).toBe(400);
      expect(response.body, attempt).not.toContain('outside the site');
    }
    const absolute = await get(server.url, `/${path.join(project.dir, 'secret.txt')}`);
    expect(absolute.body).not.toContain('outside the site');
    expect(resolveRequest(root, '/a/../../secret.txt')).toBeNull();
    expect(resolveRequest(root, path.join(project.dir, 'secret.txt'))).not.toBe(path.join(project.dir, 'secret.txt'));
  });

  it('adds the live-reload client to pages only, allowing scripts from the server itself', async () => {
    const home = await get(server.url, '/');
    expect(home.body).toContain(`script-src 'self'`);
    expect(home.body).not.toContain(`script-src 'none'`);
    expect(home.body).toContain('<script src="/__pmkb/client.js" defer></script>\n</head>');
    expect((await get(server.url, '/incidents.json')).body).not.toContain('__pmkb');
    const client = await get(server.url, '/__pmkb/client.js');
    expect(client.headers['content-type']).toMatch(/^text\/javascript/);
    expect(client.body).toContain("new EventSource('/__pmkb/events')");
    expect(injectClient('<p>no head</p>')).toMatch(/^<script src="\/__pmkb\/client\.js" defer><\/script>\n<p>/);
  });

  it('sends the current state on connect, then the changed pages with the problems', async () => {
    let opened!: () => void;
    const connected = new Promise<void>((resolve) => (opened = resolve));
    const change = nextEvent(server.url, 'change', opened);
    await connected;
    const diagnostic = { ruleId: 'yaml-syntax', severity: 'error', file: 'a.md', line: 2, column: 1, message: 'bad' } as const;
    server.broadcast(['incidents/a/index.html'], { diagnostics: [diagnostic] });
    expect(await change).toEqual({ changed: ['/incidents/a/index.html'], diagnostics: [diagnostic] });
  });
});
