import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatGithub, formatJson, formatPretty, type Format } from '../diagnostics/reporters/index.js';

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/**
 * Writes diagnostics in the chosen format, to stdout unless a command keeps stdout for its own output
 * (`pmkb new` prints the file it wrote, `pmkb import --dry-run` the documents). Pretty output only
 * appears when there is something to say; colors only on a terminal.
 */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: Format,
  roots: readonly string[],
  out: NodeJS.WriteStream = process.stdout,
): void {
  if (format === 'json') {
    out.write(`${formatJson(diagnostics)}\n`);
  } else if (format === 'github') {
    // GitHub attaches an annotation to a file by its path in the repository, i.e. from where pmkb runs.
    const fromCwd = diagnostics.map((d) => ({ ...d, file: path.relative(process.cwd(), path.resolve(roots[0] ?? '.', d.file)) }));
    if (fromCwd.length) out.write(`${formatGithub(fromCwd)}\n`);
  } else if (diagnostics.length) {
    const readSource = (file: string) => {
      for (const root of roots) {
        try {
          return readFileSync(path.resolve(root, file), 'utf8');
        } catch {
          // try the next root
        }
      }
      return undefined;
    };
    out.write(`${formatPretty(diagnostics, { color: Boolean(out.isTTY) && !process.env.NO_COLOR, readSource })}\n`);
  }
}

/** 0 when clean or warnings only, 1 when an error was found (warnings too with --strict). */
export function exitCodeFor(diagnostics: readonly Diagnostic[], strict: boolean): number {
  const counts = countBySeverity(diagnostics);
  return counts.error > 0 || (strict && counts.warning > 0) ? EXIT.problems : EXIT.ok;
}
