import { describe, expect, it } from 'vitest';
import { assignIds, schemaErrors, semanticWarnings } from '../../src/stages/validate.js';
import { parse, readFixture } from '../helpers/parse.js';

describe('validate', () => {
  const seed = parse(readFixture('postmortems/testnet-postmortems.md'), 'testnet-postmortems.md');

  it('accepts every seed incident against the schema', () => {
    for (const extracted of seed.incidents) expect(schemaErrors(extracted)).toEqual([]);
  });

  it('warns that incident #5 is dated 26/11/2019 but its timeline covers 2019-01-01, at the Date line', () => {
    const warnings = seed.incidents.flatMap(semanticWarnings);
    expect(warnings).toEqual([
      expect.objectContaining({
        ruleId: 'date-timeline-mismatch',
        severity: 'warning',
        file: 'testnet-postmortems.md',
        line: 157,
        column: 1,
        message: 'The incident is dated 2019-11-26, but its timeline covers 2019-01-01.',
      }),
    ]);
  });

  it('warns about a timeline entry earlier than the one before it', () => {
    const doc = parse('# Outage\n\n## Timeline\n\n2024-01-01 (all times UTC)\n\n- 10:00 first\n- 09:00 second\n');
    expect(semanticWarnings(doc.incidents[0]!)).toEqual([
      expect.objectContaining({ ruleId: 'timeline-out-of-order', line: 8, message: 'This entry (09:00) is earlier than the one before it (10:00).' }),
    ]);
  });

  it('maps schema errors back to the front matter key', () => {
    const doc = parse('---\ntitle: Broken\ndate: 2024-01-01\n---\n\n## Summary\n\nText.\n');
    const extracted = doc.incidents[0]!;
    extracted.incident.trigger.category = 'Not A Slug';
    (extracted.places as Record<string, unknown>).trigger = { line: 3, column: 1 };
    expect(schemaErrors(extracted)).toEqual([expect.objectContaining({ ruleId: 'schema-invalid', line: 3, column: 1 })]);
  });

  it('suffixes derived ids that collide and rejects written ids that collide or are unsafe', () => {
    const a = parse('# Same title\n\nSummary: one\n', 'a.md').incidents;
    const b = parse('# Same title\n\nSummary: two\n', 'b.md').incidents;
    const c = parse('---\nid: same-title\ntitle: Explicit\n---\nSummary: three\n', 'c.md').incidents;
    const d = parse('---\nid: same-title\ntitle: Copy\n---\nSummary: four\n', 'd.md').incidents;
    const e = parse('---\nid: ../../etc\ntitle: Sneaky\n---\nSummary: five\n', 'e.md').incidents;
    const { kept, diagnostics } = assignIds([...a, ...b, ...c, ...d, ...e]);
    expect(kept.map((k) => [k.incident.source.path, k.incident.id])).toEqual([
      ['a.md', 'same-title-2'],
      ['b.md', 'same-title-3'],
      ['c.md', 'same-title'],
    ]);
    expect(diagnostics.map((x) => [x.ruleId, x.file, x.line])).toEqual([
      ['id-duplicate', 'd.md', 2],
      ['id-invalid', 'e.md', 2],
    ]);
  });
});
