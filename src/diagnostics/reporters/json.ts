import type { Diagnostic } from '../diagnostic.js';

/** A stable, machine-readable array: one object per problem, keys always in the same order. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  const rows = diagnostics.map((d) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    file: d.file,
    line: d.line,
    column: d.column,
    message: d.message,
    hint: d.hint ?? null,
  }));
  return JSON.stringify(rows, null, 2);
}
