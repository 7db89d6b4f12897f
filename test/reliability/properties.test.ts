import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDocument, readsDifferently } from '../../src/authoring/writer.js';
import { resolveConfig } from '../../src/config/config.js';
import { assignIds } from '../../src/stages/validate.js';
import { parse } from '../helpers/parse.js';

// Pieces real postmortems are made of, so random documents exercise the extractors and not only the
// markdown parser: field lines, headings pmkb knows, timelines, tables, front matter.
const word = fc.stringMatching(/^[A-Za-z][a-z]{0,8}$/);
const text = fc.array(fc.oneof(word, fc.constantFrom('~13:55', '2019/11/23', '26/11/2019', 'UTC', 'CST', '**', '`', '|', '#', '-', ':', '[x]', '<b>', 'Mar 5, 2025', '0:30', '24:00', '20202-01-16', 'HH:mm')), { maxLength: 12 }).map((w) => w.join(' '));
const heading = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('Summary', 'Timeline', 'Root Causes', 'Lessons Learned', 'What went well', 'Action Items', 'Where we got lucky', 'Notes', 'Incident #3'), text).map(([d, h, t]) => `${'#'.repeat(d)} ${h} ${t}`);
const field = fc.tuple(fc.constantFrom('Date', 'Status', 'Authors', 'Network', 'Trigger', 'Summary', 'Reference issues', 'Severity'), text, fc.boolean()).map(([name, value, bold]) => (bold ? `**${name}:** ${value}` : `${name}: ${value}`));
const bullet = fc.tuple(fc.constantFrom('- ', '* ', '1. ', '- [ ] ', '- [x] ', '  - '), text).map(([b, t]) => b + t);
const table = fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }).map((rows) => {
  const width = rows[0]!.length;
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  return [line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n');
});
const frontMatter = fc
  .array(fc.tuple(fc.constantFrom('title', 'date', 'status', 'id', 'authors', 'tags', 'trigger', 'network', 'weird'), fc.oneof(text, fc.constantFrom('[a, b]', '{ category: load }', '12345', 'null', '"quoted'))), { maxLength: 6 })
  .map((pairs) => `---\n${pairs.map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n`);
const block = fc.oneof(heading, field, bullet, text, table, fc.constant('```\ncode\n```'), fc.constant('> quote'), fc.constant(''));
const documents = fc.tuple(fc.option(frontMatter), fc.array(block, { maxLength: 25 })).map(([fm, blocks]) => (fm ?? '') + blocks.join('\n'));

describe('parsing properties', () => {
  it('never fails on any document: every problem is a diagnostic, not a crash', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const result = parse(doc, 'random.md');
        expect(result.diagnostics.filter((d) => d.ruleId === 'parse-failed')).toEqual([]);
        // Ids an author wrote may be anything; validation keeps only URL-safe ones.
        for (const { incident } of assignIds(result.incidents).kept) {
          expect(incident.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
          for (const entry of incident.timeline) if (entry.at) expect(entry.at).toMatch(/Z$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never fails on arbitrary text either', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (doc) => {
        expect(parse(doc, 'noise.md').diagnostics.filter((d) => d.ruleId === 'parse-failed')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads CRLF line endings exactly like LF', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(parse(doc.replace(/\n/g, '\r\n'), 'x.md')).toEqual(parse(doc, 'x.md'));
      }),
      { numRuns: 200 },
    );
  });

  it('import → build keeps the model: ids, fields, lessons, action items and timeline instants', () => {
    const config = resolveConfig();
    let roundTrips = 0;
    fc.assert(
      fc.property(documents, (doc) => {
        for (const { incident } of assignIds(parse(doc, 'legacy.md').incidents).kept) {
          const { text, problems } = canonicalDocument(incident, config);
          // What import itself refuses (reported as import-roundtrip, nothing written) is not a silent
          // change; the property is that whatever it does write reads back as the same incident.
          if (problems.length > 0 || readsDifferently(incident, text, `${incident.id}.md`, config).length > 0) continue;
          const [copy] = parse(text, `${incident.id}.md`).incidents.map((e) => e.incident);
          expect(copy).toBeDefined();
          const fields = ['id', 'title', 'date', 'status', 'statusText', 'network', 'authors', 'tags', 'trigger', 'references', 'lessons', 'actionItems'] as const;
          for (const key of fields) expect(copy![key], key).toEqual(incident[key]);
          expect(copy!.timeline.map((e) => [e.at, e.end ?? null])).toEqual(incident.timeline.map((e) => [e.at, e.end ?? null]));
          roundTrips++;
        }
      }),
      { numRuns: 150 },
    );
    // The property must have been exercised, not skipped for every document.
    expect(roundTrips).toBeGreaterThan(50);
  });
});
