import type { Analyzed } from './analyze.js';

// Apart from analyze.ts, so a build that finds every file in the cache never loads the parser.

/**
 * The text threads send and the cache stores: the analysis as JSON on the first line, the narratives
 * after it, so a reader that needs only the analysis parses only the first line. JSON text never
 * holds a raw line break.
 */
export function analysisText({ file, narratives }: Analyzed): string {
  return `${JSON.stringify(file)}\n${JSON.stringify(narratives)}`;
}

/** The two parts of an analysis text, unparsed; null when it is not one. */
export function splitAnalysisText(text: string): { file: string; narratives: string } | null {
  const end = text.indexOf('\n');
  return end < 0 ? null : { file: text.slice(0, end), narratives: text.slice(end + 1) };
}
