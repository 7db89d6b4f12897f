// The watcher's thread, dying as it starts while the file named by PMKB_TEST_DEATHS holds a count
// above zero (one less each time): for tests of a watcher whose thread dies.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const deaths = process.env.PMKB_TEST_DEATHS;
const left = deaths && existsSync(deaths) ? Number(readFileSync(deaths, 'utf8')) : 0;
if (left > 0) {
  writeFileSync(deaths!, String(left - 1));
  process.exit(1);
}
await import('../../src/dev/watch-thread.js');
