import { describe, expect, it } from 'vitest';
import { diagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatGithub, formatJson, formatPretty } from '../../src/diagnostics/reporters/index.js';

const sources: Record<string, string> = {
  'a.md': '---\ntitle: A\nstaus: resolved\n---\n',
  'b.md': `# B\n\n**Status:** Reslved ${'x'.repeat(130)}\n`,
};
const list: Diagnostic[] = [
  diagnostic('unknown-key', 'a.md', { line: 3, column: 1 }, { key: 'staus', suggestion: 'status' }),
  diagnostic('id-invalid', 'a.md', { line: 2, column: 8 }, { id: 'A B', suggestion: 'a-b' }),
  diagnostic('status-unknown', 'b.md', { line: 3, column: 13 }, { value: 'Reslved', suggestion: 'resolved' }),
  diagnostic('template-skipped', 'c, d: e%.md', undefined),
];

describe('pretty reporter', () => {
  const plain = formatPretty(list, { color: false, readSource: (file) => sources[file] });

  it('groups by file, frames the line, points at the column, and gives the hint', () => {
    expect(plain).toBe(
      [
        'a.md',
        '  3:1  warning  Unknown front matter key `staus`; pmkb ignores it.  unknown-key',
        '    3 | staus: resolved',
        '      | ^',
        '    hint: Did you mean `status`?',
        '  2:8  error  The id `A B` is not URL-safe, so it cannot name a page.  id-invalid',
        '    2 | title: A',
        '      |        ^',
        '    hint: Use `id: a-b`.',
        '',
        'b.md',
        '  3:13  warning  Status `Reslved` does not map to draft, investigating, mitigated, resolved or closed.  status-unknown',
        `    3 | **Status:** Reslved ${'x'.repeat(97)}…`,
        '      |             ^',
        '    hint: Did you mean `resolved`?',
        '',
        'c, d: e%.md',
        '  1:1  info  Nothing is written under this file\'s headings yet (or its title is a placeholder such as "Title (incident #)"), so it is not published.  template-skipped',
        '    hint: Write the postmortem, with a real title, and it will be published.',
        '',
        '✖ 1 error, 2 warnings, 1 info',
      ].join('\n'),
    );
  });

  it('colors severities, positions and the summary only when asked', () => {
    expect(plain).not.toContain('\u001b[');
    const colored = formatPretty(list, { color: true, readSource: (file) => sources[file] });
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(colored).toContain('\u001b[33mwarning\u001b[39m');
    expect(colored).toContain('\u001b[4ma.md\u001b[24m');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('says when there is only a warning, or nothing at all', () => {
    expect(formatPretty(list.slice(0, 1), { color: false, readSource: () => undefined }).split('\n').at(-1)).toBe('⚠ 0 errors, 1 warning');
    expect(formatPretty([], { color: false, readSource: () => undefined })).toBe('✔ 0 errors, 0 warnings');
  });
});

describe('json reporter', () => {
  it('prints one object per problem with the same keys in the same order, hint null when there is none', () => {
    const rows = JSON.parse(formatJson([list[0]!, { ...list[1]!, hint: undefined }])) as Array<Record<string, unknown>>;
    expect(rows.map((r) => Object.keys(r))).toEqual([
      ['ruleId', 'severity', 'file', 'line', 'column', 'message', 'hint'],
      ['ruleId', 'severity', 'file', 'line', 'column', 'message', 'hint'],
    ]);
    expect(rows[0]).toEqual({ ruleId: 'unknown-key', severity: 'warning', file: 'a.md', line: 3, column: 1, message: 'Unknown front matter key `staus`; pmkb ignores it.', hint: 'Did you mean `status`?' });
    expect(rows[1]!.hint).toBeNull();
    expect(formatJson([])).toBe('[]');
  });
});

describe('github reporter', () => {
  it('writes one workflow command per problem, info as a notice, escaping what GitHub requires', () => {
    const lines = formatGithub([list[2]!, list[3]!, { ...list[0]!, message: '50% done\r\nnext line' }]).split('\n');
    expect(lines).toEqual([
      '::warning file=b.md,line=3,col=13,title=status-unknown::Status `Reslved` does not map to draft, investigating, mitigated, resolved or closed. Did you mean `resolved`?',
      '::notice file=c%2C d%3A e%25.md,line=1,col=1,title=template-skipped::Nothing is written under this file\'s headings yet (or its title is a placeholder such as "Title (incident #)"), so it is not published. Write the postmortem, with a real title, and it will be published.',
      '::warning file=a.md,line=3,col=1,title=unknown-key::50%25 done%0D%0Anext line Did you mean `status`?',
    ]);
  });
});
