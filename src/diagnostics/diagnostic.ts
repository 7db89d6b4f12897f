import { RULES, type RuleId } from './rules.js';

export type Severity = 'error' | 'warning' | 'info';

/** A position in a source file; both numbers start at 1 like editors show them. */
export interface Place {
  line: number;
  column: number;
}

/**
 * One problem found in the input, vfile-message style: the rule is permanent, the wording comes from
 * the catalogue in rules.ts so every reporter says the same thing.
 */
export interface Diagnostic {
  ruleId: RuleId;
  severity: Severity;
  /** Source file relative to the source folder (or as given on the command line). */
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export type RuleParams = Record<string, string | number | undefined>;

export function diagnostic(ruleId: RuleId, file: string, place: Place | undefined, params: RuleParams = {}): Diagnostic {
  const rule = RULES[ruleId];
  const hint = rule.hint?.(params);
  return {
    ruleId,
    severity: rule.severity,
    file,
    line: place?.line ?? 1,
    column: place?.column ?? 1,
    message: rule.message(params),
    ...(hint ? { hint } : {}),
  };
}

/** Collects diagnostics for one file so extractors can report without knowing the file name. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}
  report(ruleId: RuleId, place: Place | undefined, params: RuleParams = {}): void {
    this.diagnostics.push(diagnostic(ruleId, this.file, place, params));
  }
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order for output: by file, then position, then severity and rule. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      order[a.severity] - order[b.severity] ||
      a.ruleId.localeCompare(b.ruleId, 'en'),
  );
}

export function countBySeverity(list: readonly Diagnostic[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of list) counts[d.severity]++;
  return counts;
}
