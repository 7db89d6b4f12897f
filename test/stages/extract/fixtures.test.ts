import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaErrors, semanticWarnings } from '../../../src/stages/validate.js';
import { parse, ROOT } from '../../helpers/parse.js';

// Each folder under test/fixtures/extract holds input.md and expected.json: the incidents (matched
// field by field, in order) and the exact diagnostics the input must produce, from extraction and
// from the per-incident checks of validation.
const dir = `${ROOT}test/fixtures/extract`;

describe('extraction fixtures', () => {
  for (const name of readdirSync(dir).sort()) {
    it(name, () => {
      const input = readFileSync(`${dir}/${name}/input.md`, 'utf8');
      const expected = JSON.parse(readFileSync(`${dir}/${name}/expected.json`, 'utf8')) as {
        incidents: Record<string, unknown>[];
        diagnostics: Record<string, unknown>[];
      };
      const result = parse(input, `${name}.md`);
      expect(result.incidents.map((e) => e.incident)).toMatchObject(expected.incidents);
      const diagnostics = [...result.diagnostics, ...result.incidents.flatMap((e) => [...schemaErrors(e), ...semanticWarnings(e)])];
      expect(diagnostics).toMatchObject(expected.diagnostics);
    });
  }
});
