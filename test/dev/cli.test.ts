import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';

const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

describe('pmkb dev on the command line', () => {
  const project = tempProject({ 'postmortems/a.md': '---\ntitle: Alpha outage\ndate: 2024-01-02\nstatus: Reslved\n---\n\n## Summary\n\nAlpha.\n' });
  afterAll(() => project.remove());

  it('prints problems, the address and each rebuild that did something, serves the site, and stops cleanly on Ctrl+C', async () => {
    const child = spawn(process.execPath, ['--import', TSX, `${ROOT}src/cli/index.ts`, 'dev', '--port', '0'], {
      cwd: project.dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const exited = once(child, 'exit');
    let stderr = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /Serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
          if (found) resolve(found);
        });
        child.once('exit', () => reject(new Error(`pmkb dev exited early:\n${stderr}`)));
      });
      expect(stderr).toContain('a.md\n  4:1  warning  Status `Reslved`');
      expect(stderr).toMatch(/Built in \d+ ms: 1 parsed, \d+ rendered/);
      await expect.poll(() => stderr, { timeout: 10_000 }).toContain('Watching ');
      const page = await fetch(`${url}incidents/alpha-outage/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script src="/__pmkb/client.js" defer></script>');
      project.write('postmortems/a.md', project.read('postmortems/a.md').replace('Alpha.', 'Alpha, edited.'));
      await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/Rebuilt in \d+ ms: 1 parsed/);
      // The watcher looks at an edited file once more; finding it as read is not worth a line.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(stderr).not.toMatch(/0 parsed, 0 rendered, 0 changed/);
      // Putting a problem right is worth a line, even when no page changes.
      project.write('pmkb.config.yaml', 'title: [unclosed\n');
      await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/Rebuilt in \d+ ms: [^\n]*1 error/);
      const before = stderr.length;
      rmSync(path.join(project.dir, 'pmkb.config.yaml'));
      await expect.poll(() => stderr.slice(before), { timeout: 10_000 }).toMatch(/Rebuilt in \d+ ms: 0 parsed, 0 rendered, 0 changed\.\n/);
    } finally {
      // Stopped whatever happened above, so a failing test leaves no server behind.
      child.kill('SIGINT');
    }
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('refuses a port that is not a number', async () => {
    const child = spawn(process.execPath, ['--import', TSX, `${ROOT}src/cli/index.ts`, 'dev', '--port', 'eighty'], { cwd: project.dir });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
  });
});
