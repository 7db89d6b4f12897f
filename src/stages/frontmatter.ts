import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Place, Reporter } from '../diagnostics/diagnostic.js';

export type FrontMatterData = Record<string, unknown>;

export interface FrontMatter {
  data: FrontMatterData;
  /** Where a top-level key is written, for diagnostics about its value. */
  placeOf(key: string): Place | undefined;
}

export const NO_FRONT_MATTER: FrontMatter = { data: {}, placeOf: () => undefined };

/**
 * Parses YAML (`---`) or TOML (`+++`) front matter. `firstLine` is the line of the opening fence, so
 * every place reported points into the real file.
 */
export function parseFrontMatter(kind: 'yaml' | 'toml', value: string, firstLine: number, reporter: Reporter): FrontMatter {
  return kind === 'yaml' ? parseYaml(value, firstLine + 1, reporter) : parseTomlBlock(value, firstLine + 1, reporter);
}

export function parseYaml(text: string, lineOffset: number, reporter: Reporter, ruleId: 'yaml-syntax' = 'yaml-syntax'): FrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Place => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset - 1, column: pos.col };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      reporter.report(ruleId, at(error.pos[0]), { reason: firstSentence(error.message) });
    }
    return NO_FRONT_MATTER;
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || data === undefined) return NO_FRONT_MATTER;
  if (typeof data !== 'object' || Array.isArray(data)) {
    reporter.report(ruleId, { line: lineOffset, column: 1 }, { reason: 'it must be a mapping of `key: value` lines' });
    return NO_FRONT_MATTER;
  }
  const places = new Map<string, Place>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) places.set(String(pair.key.value), at(pair.key.range[0]));
    }
  }
  return { data: data as FrontMatterData, placeOf: (key) => places.get(key) };
}

function parseTomlBlock(text: string, lineOffset: number, reporter: Reporter): FrontMatter {
  let data: FrontMatterData;
  try {
    data = normalizeToml(parseToml(text)) as FrontMatterData;
  } catch (error) {
    const place = error instanceof TomlError ? { line: error.line + lineOffset - 1, column: error.column } : { line: lineOffset, column: 1 };
    reporter.report('toml-syntax', place, { reason: firstSentence(error instanceof Error ? error.message : String(error)) });
    return NO_FRONT_MATTER;
  }
  const lines = text.split('\n');
  return {
    data,
    placeOf(key) {
      const index = lines.findIndex((line) => new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*=`).test(line));
      return index < 0 ? undefined : { line: index + lineOffset, column: lines[index]!.search(/\S/) + 1 };
    },
  };
}

/** TOML dates arrive as Date subclasses; the model wants the text the author wrote. */
function normalizeToml(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalizeToml);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeToml(v)]));
  }
  return value;
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/\.$/, '').replace(/ at line \d+, column \d+:?$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
