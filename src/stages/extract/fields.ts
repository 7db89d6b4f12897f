import type { List, Paragraph } from 'mdast';
import { DEFAULT_FIELDS, type FieldKey } from '../../config/defaults.js';
import type { SectionKey } from '../../model/sections.js';
import { SECTION_KEYS } from '../../model/sections.js';
import type { Config } from '../../config/config.js';
import { sourceOf } from '../markdown.js';

export type LabelKey = { kind: 'field'; key: FieldKey } | { kind: 'section'; key: SectionKey };

/** One `**Field:** value`, `**Field**: value` or `Field: value` line and the lines that continue it. */
export interface FieldLine {
  name: string;
  label: LabelKey;
  /** The value as written (markdown), continuation lines included. */
  value: string;
  line: number;
  column: number;
}

const BOLD_INSIDE = /^\s*(\*\*|__)\s*([^*_\n]{1,50}?)\s*:\s*\1\s*(.*)$/;
const BOLD_OUTSIDE = /^\s*(\*\*|__)\s*([^*_\n]{1,50}?)\s*\1\s*:\s*(.*)$/;
const PLAIN = /^\s*([A-Za-z][A-Za-z /&'()-]{0,40}?)\s*:\s+(.*)$|^\s*([A-Za-z][A-Za-z /&'()-]{0,40}?)\s*:$/;

/** Maps a label as written ("Root Causes", "Author") onto a field or section key, using config synonyms. */
export function labelKey(name: string, config: Config): LabelKey | null {
  const normalized = name.toLowerCase().replace(/[*_`:?]/g, '').replace(/\s+/g, ' ').trim();
  for (const [key, names] of Object.entries(DEFAULT_FIELDS) as Array<[FieldKey, readonly string[]]>) {
    if (names.includes(normalized)) return { kind: 'field', key };
  }
  for (const key of SECTION_KEYS) {
    if (config.sections[key].includes(normalized)) return { kind: 'section', key };
  }
  return null;
}

function matchLabel(line: string, config: Config): { name: string; label: LabelKey; rest: string; column: number } | null {
  const bold = BOLD_INSIDE.exec(line) ?? BOLD_OUTSIDE.exec(line);
  const plain = bold ? null : PLAIN.exec(line);
  const name = bold ? bold[2]! : (plain?.[1] ?? plain?.[3]);
  if (!name) return null;
  const label = labelKey(name, config);
  if (!label) return null;
  const rest = bold ? bold[3]! : (plain?.[2] ?? '');
  return { name: name.trim(), label, rest, column: line.search(/\S/) + 1 };
}

/**
 * Reads a paragraph as field lines when its first line is one. Lines that do not start a new field
 * continue the value of the one before (so `**Reference issues:**` followed by URLs on their own
 * lines is one field). Returns null for ordinary prose.
 */
export function readFieldLines(paragraph: Paragraph, source: string, config: Config): FieldLine[] | null {
  const lines = sourceOf(source, [paragraph]).split('\n');
  const firstLine = paragraph.position?.start.line ?? 1;
  const fields: FieldLine[] = [];
  lines.forEach((text, i) => {
    const m = matchLabel(text, config);
    if (m) {
      fields.push({ name: m.name, label: m.label, value: m.rest.trim(), line: firstLine + i, column: m.column + (i === 0 ? (paragraph.position?.start.column ?? 1) - 1 : 0) });
    } else if (fields.length > 0) {
      const current = fields[fields.length - 1]!;
      current.value = current.value ? `${current.value}\n${text.trim()}` : text.trim();
    }
  });
  return fields.length > 0 && matchLabel(lines[0]!, config) ? fields : null;
}

/**
 * Reads a bullet list of `- Date: 2025-02-07`, `- Status: …` items (Google SRE documents written as
 * a list) as field lines. Every item must be a field line, so ordinary lists that merely contain a
 * colon stay prose.
 */
export function readFieldList(list: List, source: string, config: Config): FieldLine[] | null {
  if (list.children.length < 2) return null;
  const fields: FieldLine[] = [];
  for (const item of list.children) {
    const paragraph = item.children[0];
    if (!paragraph || paragraph.type !== 'paragraph' || item.children.length > 1) return null;
    const lines = readFieldLines(paragraph, source, config);
    if (!lines) return null;
    fields.push(...lines);
  }
  return fields.some((f) => f.label.kind === 'field') ? fields : null;
}
