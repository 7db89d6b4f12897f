import type { Analyzed } from './analyze.js';

// Apart from analyze.ts, so a build that finds every file in the cache never loads the parser.

/**
 * The text threads send and the cache stores: the analysis as JSON on the first line, then each
 * incident's narrative as JSON on a line of its own, so a reader parses only the line it needs.
 * JSON text never holds a raw line break.
 */
export function analysisText({ file, narratives }: Analyzed): string {
  return [file, ...narratives].map((part) => JSON.stringify(part)).join('\n');
}

/** The two parts of an analysis text, unparsed; null when it is not one. */
export function splitAnalysisText(text: string): { file: string; narratives: string } | null {
  const end = text.indexOf('\n');
  if (end < 0) return /^\{.*\}$/s.test(text) ? { file: text, narratives: '' } : null;
  return { file: text.slice(0, end), narratives: text.slice(end + 1) };
}

/** The narrative lines of an analysis text's second part: one per incident, each a JSON object. */
export function narrativeLines(narratives: string): string[] {
  return narratives === '' ? [] : narratives.split('\n');
}
