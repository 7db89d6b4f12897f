import { countBySeverity, type Diagnostic, type Severity } from '../diagnostic.js';

export interface PrettyOptions {
  color: boolean;
  /** The text of a reported file, for code frames; undefined when it cannot be read. */
  readSource: (file: string) => string | undefined;
}

const CODES = { red: [31, 39], yellow: [33, 39], blue: [34, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24] } as const;
type Style = keyof typeof CODES;

/** Human output: grouped by file, a code frame under each problem, colors only on a terminal. */
export function formatPretty(diagnostics: readonly Diagnostic[], options: PrettyOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
  const severityStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(paint('underline', file));
    const lines = options.readSource(file)?.replace(/\r\n?/g, '\n').split('\n');
    for (const d of list) {
      out.push(`  ${paint('dim', `${d.line}:${d.column}`)}  ${paint(severityStyle[d.severity], d.severity)}  ${d.message}  ${paint('dim', d.ruleId)}`);
      const text = lines?.[d.line - 1];
      if (text !== undefined) {
        const gutter = String(d.line);
        const shown = text.length > 120 ? `${text.slice(0, 117)}…` : text;
        out.push(paint('dim', `    ${gutter} | `) + shown);
        out.push(paint('dim', `    ${' '.repeat(gutter.length)} | `) + ' '.repeat(Math.min(d.column - 1, 120)) + paint(severityStyle[d.severity], '^'));
      }
      if (d.hint) out.push(`    ${paint('bold', 'hint:')} ${d.hint}`);
    }
    out.push('');
  }
  const counts = countBySeverity(diagnostics);
  const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
  if (counts.info) parts.push(`${counts.info} info`);
  out.push(counts.error ? paint('red', `✖ ${parts.join(', ')}`) : counts.warning ? paint('yellow', `⚠ ${parts.join(', ')}`) : `✔ ${parts.join(', ')}`);
  return out.join('\n');
}
