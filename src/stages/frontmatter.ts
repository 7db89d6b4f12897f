import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import type { Place, Reporter } from '../diagnostics/diagnostic.js';
import { escapeRegExp } from './text.js';

export type FrontMatterData = Record<string, unknown>;

export interface FrontMatter {
  data: FrontMatterData;
  /** Where a top-level key is written, for diagnostics about its value. */
  placeOf(key: string): Place | undefined;
  /**
   * Where the value at a JSON pointer (`/trigger/category`, `/authors/1`, as ajv reports them) is
   * written: the nearest enclosing key or item that has a known place.
   */
  placeAt(pointer: string): Place | undefined;
}

export const NO_FRONT_MATTER: FrontMatter = { data: {}, placeOf: () => undefined, placeAt: () => undefined };

/** Escapes one JSON pointer segment (RFC 6901), as ajv writes instance paths. */
export const pointerSegment = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** The keys and indexes a JSON pointer walks through: `/trigger/category` → [trigger, category]. */
export const pointerSegments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function nearest(pointer: string, lookup: (pointer: string) => Place | undefined): Place | undefined {
  for (let p = pointer; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const place = lookup(p);
    if (place) return place;
  }
  return undefined;
}

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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias to no anchor (`title: **`) parses but has no value: point at it.
    let alias: number | undefined;
    visit(doc, {
      Alias: (_, node) => {
        if (node.resolve(doc) !== undefined) return undefined;
        alias = node.range?.[0];
        return visit.BREAK;
      },
    });
    reporter.report(ruleId, alias === undefined ? { line: lineOffset, column: 1 } : at(alias), { reason: firstSentence((error as Error).message) });
    return NO_FRONT_MATTER;
  }
  if (data === null || data === undefined) return NO_FRONT_MATTER;
  if (typeof data !== 'object' || Array.isArray(data)) {
    reporter.report(ruleId, { line: lineOffset, column: 1 }, { reason: 'it must be a mapping of `key: value` lines' });
    return NO_FRONT_MATTER;
  }
  // Keys of mappings and items of lists, by JSON pointer, at any depth.
  const places = new Map<string, Place>();
  const walk = (node: unknown, pointer: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const child = `${pointer}/${pointerSegment(String(pair.key.value))}`;
        if (pair.key.range) places.set(child, at(pair.key.range[0]));
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = `${pointer}/${index}`;
        const range = (item as YamlNode | null)?.range;
        if (range) places.set(child, at(range[0]));
        walk(item, child);
      });
    }
  };
  walk(doc.contents, '');
  return {
    data: data as FrontMatterData,
    placeOf: (key) => places.get(`/${pointerSegment(key)}`),
    placeAt: (pointer) => nearest(pointer, (p) => places.get(p)),
  };
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
  const placeOf = (key: string): Place | undefined => {
    const index = lines.findIndex((line) => new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*=`).test(line));
    return index < 0 ? undefined : { line: index + lineOffset, column: lines[index]!.search(/\S/) + 1 };
  };
  // TOML positions are known for top-level keys only; a nested problem points at its key.
  return { data, placeOf, placeAt: (pointer) => placeOf(pointerSegments(pointer)[0] ?? '') };
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

