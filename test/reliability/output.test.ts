import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/core/build.js';
import { writeSite } from '../../src/stages/write.js';
import { ROOT } from '../helpers/parse.js';
import { tempProject } from '../helpers/site.js';

function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), readFileSync(full));
  }
  return files;
}

describe('output integrity', () => {
  it('is reproducible: two builds of the same input are byte-identical', async () => {
    const first = tempProject({});
    const second = tempProject({});
    await build({ cwd: first.dir, src: `${ROOT}postmortems`, out: 'site' });
    await build({ cwd: second.dir, src: `${ROOT}postmortems`, out: 'site' });
    const a = tree(path.join(first.dir, 'site'));
    const b = tree(path.join(second.dir, 'site'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file)!), file).toBe(true);
    first.remove();
    second.remove();
  });

  it('leaves the previous site intact when a build fails while writing', async () => {
    const project = tempProject({});
    const out = path.join(project.dir, 'site');
    await writeSite(out, [{ path: 'index.html', content: 'old site' }]);
    // A file and a folder of the same name cannot both be written: the second write fails.
    const broken = [
      { path: 'index.html', content: 'new site' },
      { path: 'clash', content: 'a file' },
      { path: 'clash/inside.html', content: 'cannot exist' },
    ];
    await expect(writeSite(out, broken)).rejects.toThrow();
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('old site');
    expect(readdirSync(project.dir)).toEqual(['site']);
    project.remove();
  });

  it.each([
    ['/', 'it is the file system root'],
    [os.homedir(), 'it is (or contains) your home folder'],
    ['postmortems', 'it is the source folder'],
    ['.', 'it contains the source folder'],
  ])('refuses to replace %s', async (out, why) => {
    const project = tempProject({ 'postmortems/a.md': '# A\n\nSummary: a\n' });
    await expect(build({ cwd: project.dir, out })).rejects.toThrow(why);
    expect(existsSync(path.join(project.dir, 'postmortems/a.md'))).toBe(true);
    project.remove();
  });

  it('refuses to replace a folder it did not write, and the folder it runs in', async () => {
    const project = tempProject({ 'postmortems/a.md': '# A\n\nSummary: a\n', 'docs/handbook.md': 'keep me' });
    await expect(build({ cwd: project.dir, out: 'docs' })).rejects.toThrow('it holds files pmkb did not write');
    const home = process.env.HOME;
    process.env.HOME = path.join(project.dir, 'home', 'someone');
    await expect(build({ cwd: project.dir, out: 'home' })).rejects.toThrow('it is (or contains) your home folder');
    process.env.HOME = home;
    expect(project.read('docs/handbook.md')).toBe('keep me');
    await expect(build({ cwd: path.join(project.dir, 'docs'), src: '../postmortems', out: '.' })).rejects.toThrow('the folder pmkb runs in');
    // A folder pmkb wrote before is replaced without fuss.
    await build({ cwd: project.dir, out: 'site' });
    await build({ cwd: project.dir, out: 'site' });
    expect(project.exists('site/.pmkb-site')).toBe(true);
    project.remove();
  });

  it('accounts for every file it read in the build summary', async () => {
    const project = tempProject({
      'postmortems/one.md': '# One\n\n**Date:** 2024-01-01\n\n**Summary:** x\n',
      'postmortems/empty.md': '',
      'postmortems/two.md': '# Title (incident #)\n\n## Summary\n\n## Timeline\n\n## Impact\n\n## Action Items\n',
    });
    const result = await build({ cwd: project.dir });
    expect(result.files).toEqual([
      { path: 'empty.md', incidents: 0 },
      { path: 'one.md', incidents: 1 },
      { path: 'two.md', incidents: 0 },
    ]);
    for (const file of result.files.filter((f) => f.incidents === 0)) {
      expect(result.diagnostics.some((d) => d.file === file.path), file.path).toBe(true);
    }
    project.remove();
  });
});
