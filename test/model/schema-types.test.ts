import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/parse.js';
// @ts-expect-error: a plain .mjs build script without type declarations
import { generate, targets } from '../../scripts/gen-types.mjs';

describe('Incident type', () => {
  it('is exactly what schemas/incident.schema.json generates (run `npm run gen:types` after editing the schema)', async () => {
    for (const target of targets as Array<{ out: string }>) {
      expect(readFileSync(`${ROOT}${target.out}`, 'utf8')).toBe(await generate(target));
    }
  });
});
