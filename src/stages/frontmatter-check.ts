import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { stringify } from 'yaml';
import type { Place, Reporter, RuleParams } from '../diagnostics/diagnostic.js';
import type { RuleId } from '../diagnostics/rules.js';
import { loadSchema } from '../model/schemas.js';
import { closest } from './extract/normalize.js';
import { pointerSegment, pointerSegments, type FrontMatter } from './frontmatter.js';

interface PropertySchema {
  examples?: unknown[];
  properties?: Record<string, PropertySchema>;
}

const schema = loadSchema('frontmatter') as { properties: Record<string, PropertySchema> };

let validator: ReturnType<Ajv2020['compile']> | undefined;
const validate = () =>
  (validator ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(schema));

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/** "text or a list" for ["string", "array", "null"]: numbers and booleans read as text where text is allowed. */
function expected(types: readonly string[]): string {
  const scalar = types.includes('string');
  return types
    .filter((t) => t !== 'null' && !(scalar && (t === 'number' || t === 'integer' || t === 'boolean')))
    .map((t) => TYPE_WORDS[t] ?? t)
    .join(' or ');
}

function describeValue(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'empty' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** `trigger.category`, `authors[1]`: how a nested key reads in a message. */
const keyName = (pointer: string) => pointerSegments(pointer).reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name ? `${name}.${s}` : s), '');

function valueAt(data: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((value, s) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[s] : undefined), data);
}

/**
 * Checks front matter against schemas/frontmatter.schema.json: a key the schema does not declare is
 * `unknown-key`, a value of the wrong type is `field-type`, both at the key as written. The schema's
 * value constraints (the status list, the id pattern) guide editors; pmkb reports those through
 * `status-unknown` and `id-invalid`, which know the config's status phrases and suggest a fix.
 */
export function checkFrontMatter(fm: FrontMatter, reporter: Reporter): void {
  const check = validate();
  if (check(fm.data)) return;
  const problems = new Map<string, { ruleId: RuleId; place: Place | undefined; params: RuleParams }>();
  for (const error of check.errors ?? []) {
    const found = problemOf(error, fm);
    if (!found) continue;
    // A value failing several alternatives (`anyOf`) is reported once.
    const key = `${found.ruleId} ${found.pointer}`;
    if (!problems.has(key)) problems.set(key, found);
  }
  const byPlace = [...problems.values()].sort((a, b) => (a.place?.line ?? 0) - (b.place?.line ?? 0) || (a.place?.column ?? 0) - (b.place?.column ?? 0));
  for (const { ruleId, place, params } of byPlace) reporter.report(ruleId, place, params);
}

function problemOf(error: ErrorObject, fm: FrontMatter) {
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const pointer = `${error.instancePath}/${pointerSegment(key)}`;
    const siblings = Object.keys((error.parentSchema as PropertySchema | undefined)?.properties ?? {}).filter((k) => !k.startsWith('$'));
    return { ruleId: 'unknown-key' as const, pointer, place: fm.placeAt(pointer), params: { key: keyName(pointer), suggestion: closest(key, siblings) } };
  }
  if (error.keyword === 'type') {
    const pointer = error.instancePath;
    const types = ([] as string[]).concat(error.params.type as string | string[]);
    const path = pointerSegments(pointer);
    // A top-level key's own example, else its type's (`$defs/date`); a list item has none worth showing.
    const example = path.length === 1 ? (schema.properties[path[0]!]?.examples ?? (error.parentSchema as PropertySchema | undefined)?.examples)?.[0] : undefined;
    return {
      ruleId: 'field-type' as const,
      pointer,
      place: fm.placeAt(pointer),
      params: {
        key: keyName(pointer),
        expected: expected(types),
        actual: describeValue(valueAt(fm.data, pointer)),
        example: example === undefined ? undefined : stringify(example, { collectionStyle: 'flow', flowCollectionPadding: false }).trim(),
      },
    };
  }
  return null;
}
