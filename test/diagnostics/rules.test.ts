import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/diagnostics/rules.js';
import { ROOT } from '../helpers/parse.js';

describe('rule catalogue', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');

  it('is documented in README, rule by rule, with its severity', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(readme).toContain(`| \`${id}\` | ${rule.severity} | ${rule.summary} |`);
    }
  });

  it('gives every rule a message and a hint', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(rule.message({ value: 'x', key: 'k', zone: 'z' }), id).toMatch(/\.$/);
      expect('hint' in rule, id).toBe(true);
    }
  });
});
