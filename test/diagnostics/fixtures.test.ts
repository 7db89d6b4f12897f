import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPostmortems } from '../../src/authoring/import.js';
import { build } from '../../src/core/build.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { RULES } from '../../src/diagnostics/rules.js';
import { ROOT } from '../helpers/parse.js';

/**
 * test/fixtures/diagnostics/<rule-id>/ is a small project (postmortems/, maybe pmkb.config.yaml or
 * legacy/ files to import) whose expected.json lists every diagnostic running it must give, with its
 * exact position. `run` is check (default), build or import; `paths` are the files named on the
 * command line; `hex` writes bytes no text file can hold; `env` is set for the run.
 */
interface Fixture {
  why?: string;
  run?: 'check' | 'build' | 'import';
  paths?: string[];
  out?: string;
  hex?: Record<string, string>;
  env?: Record<string, string>;
  diagnostics: Array<Pick<Diagnostic, 'ruleId' | 'severity' | 'file' | 'line' | 'column'> & Partial<Pick<Diagnostic, 'message' | 'hint'>>>;
}

const FIXTURES = `${ROOT}test/fixtures/diagnostics`;
/** Rules no input can trigger on purpose, and why. */
const UNTRIGGERABLE: Record<string, string> = {
  'parse-failed': 'the safety net for an exception inside pmkb: an input that reaches it is a bug to fix, not a fixture',
  'import-roundtrip': 'the guard against a bug in the import writer: every known document round trips (both seeds, all 131 corpus incidents, the import tests)',
};
const names = readdirSync(FIXTURES).sort();
const temp: string[] = [];
afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function run(name: string, fixture: Fixture): Promise<Diagnostic[]> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), `pmkb-${name}-`));
  temp.push(cwd);
  cpSync(`${FIXTURES}/${name}`, cwd, { recursive: true });
  for (const [file, hex] of Object.entries(fixture.hex ?? {})) {
    mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
    writeFileSync(path.join(cwd, file), Buffer.from(hex, 'hex'));
  }
  const saved = Object.fromEntries(Object.keys(fixture.env ?? {}).map((key) => [key, process.env[key]]));
  Object.assign(process.env, fixture.env);
  try {
    if (fixture.run === 'import') {
      const result = await importPostmortems({ cwd, inputs: fixture.paths ?? [], out: fixture.out });
      return [...result.configDiagnostics, ...result.diagnostics];
    }
    const result = await build({ cwd, paths: fixture.paths, write: fixture.run === 'build' });
    return [...result.configDiagnostics, ...result.diagnostics];
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('every rule, triggered by a fixture at its exact position', () => {
  it('has a fixture for every rule in the catalogue, and none for a rule that does not exist', () => {
    expect(names).toEqual(Object.keys(RULES).filter((id) => !(id in UNTRIGGERABLE)).sort());
    for (const id of Object.keys(UNTRIGGERABLE)) expect(Object.keys(RULES)).toContain(id);
  });

  for (const name of names) {
    it(name, async () => {
      const fixture = JSON.parse(readFileSync(`${FIXTURES}/${name}/expected.json`, 'utf8')) as Fixture;
      const diagnostics = await run(name, fixture);
      expect(diagnostics.map((d) => d.ruleId)).toContain(name);
      expect(diagnostics).toHaveLength(fixture.diagnostics.length);
      diagnostics.forEach((d, i) => expect(d).toMatchObject(fixture.diagnostics[i]!));
    });
  }

  it('leaves the fixtures themselves untouched (import and build ran in copies)', () => {
    expect(existsSync(`${FIXTURES}/output-exists/postmortems/gateway-outage.md`)).toBe(true);
    expect(existsSync(`${FIXTURES}/search-index-failed/site`)).toBe(false);
  });
});
