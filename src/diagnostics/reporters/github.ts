import type { Diagnostic } from '../diagnostic.js';

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also escape : and ,.
const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (text: string) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
const command = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** `::error file=…,line=…,col=…,title=rule::message` annotations for GitHub Actions. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const message = d.hint ? `${d.message} ${d.hint}` : d.message;
      return `::${command[d.severity]} file=${property(d.file)},line=${d.line},col=${d.column},title=${property(d.ruleId)}::${data(message)}`;
    })
    .join('\n');
}
