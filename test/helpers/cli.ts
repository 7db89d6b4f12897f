import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './parse.js';

// The project's own tsx, found from the repository rather than from the temporary project folder.
export const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

/** Runs the real CLI from source in a child process, as a user or CI would. */
export function pmkb(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, ['--import', TSX, `${ROOT}src/cli/index.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
