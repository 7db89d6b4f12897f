import type { RootContent } from 'mdast';
import type { SectionKey } from '../../model/sections.js';
import type { FieldKey } from '../../config/defaults.js';
import { lineOf, plainText, sourceOf } from '../markdown.js';
import type { ExtractContext } from './context.js';
import { labelKey, readFieldLines, readFieldList, type FieldLine } from './fields.js';

/** A metadata value as written, with where it was written. */
export interface RawField {
  key: FieldKey;
  name: string;
  value: string;
  line: number;
  column: number;
}

/** A run of the document under one heading or field label, before it is rendered. */
export interface RawSection {
  key: SectionKey | null;
  title: string;
  line: number;
  /** The value written on a `**Root Causes:** …` field line that opened the section. */
  lead?: string;
  /** Parsed nodes under the heading, or after the field line up to the next heading or field. */
  nodes: RootContent[];
}

export interface Structure {
  fields: RawField[];
  sections: RawSection[];
  /** Content before the first heading or field that introduces a section. */
  leading: RootContent[];
}

/**
 * Sorts an incident's nodes into metadata fields (from field lines or `## Date`-style headings) and
 * sections (from headings or `**Summary:**`-style field lines), keeping document order. A heading
 * nested under a section stays in it (`### What went well` under `## Lessons Learned`, a day heading
 * under `## Timeline`) unless it names a different known section.
 */
export function readStructure(nodes: readonly RootContent[], ctx: ExtractContext): Structure {
  const structure: Structure = { fields: [], sections: [], leading: [] };
  let current: (RawSection & { depth: number }) | null = null;
  let fieldHeading: { key: FieldKey; name: string; line: number; column: number; depth: number; nodes: RootContent[] } | null = null;

  const closeFieldHeading = () => {
    if (!fieldHeading) return;
    const value = sourceOf(ctx.source, fieldHeading.nodes).trim();
    if (value) structure.fields.push({ key: fieldHeading.key, name: fieldHeading.name, value, line: fieldHeading.nodes[0]?.position?.start.line ?? fieldHeading.line, column: 1 });
    fieldHeading = null;
  };

  for (const node of nodes) {
    // Every heading starts or nests a section, even one as shallow as the title (`# Stats` after a
    // `# Title`): a collection's chunk never holds headings at its own depth.
    if (node.type === 'heading') {
      const title = plainText(node);
      const label = labelKey(title, ctx.config);
      const nestedInCurrent = current && node.depth > current.depth && (!label || label.kind === 'field' || label.key === current.key || current.key === 'timeline');
      const nestedInField = fieldHeading && node.depth > fieldHeading.depth;
      if (nestedInField) {
        fieldHeading!.nodes.push(node);
        continue;
      }
      if (nestedInCurrent && !(label?.kind === 'field' && current!.key === null)) {
        current!.nodes.push(node);
        continue;
      }
      closeFieldHeading();
      if (label?.kind === 'field') {
        current = null;
        fieldHeading = { key: label.key, name: title, line: lineOf(node), column: 1, depth: node.depth, nodes: [] };
        continue;
      }
      current = { key: label?.kind === 'section' ? label.key : null, title, line: lineOf(node), nodes: [], depth: node.depth };
      structure.sections.push(current);
      continue;
    }
    if (fieldHeading) {
      fieldHeading.nodes.push(node);
      continue;
    }
    const fieldLines: FieldLine[] | null =
      // Inside a timeline under a heading, "Date: …" lines are entries' text, not fields.
      current?.key === 'timeline' && current.lead === undefined ? null
      : node.type === 'paragraph' ? readFieldLines(node, ctx.source, ctx.config)
      : node.type === 'list' ? readFieldList(node, ctx.source, ctx.config)
      : null;
    if (fieldLines) {
      for (const field of fieldLines) {
        if (field.label.kind === 'field') {
          if (current?.lead !== undefined) current = null;
          structure.fields.push({ key: field.label.key, name: field.name, value: field.value, line: field.line, column: field.column });
        } else {
          // Nodes after a `**Root Causes:**` line, up to the next heading or field, continue it.
          current = { key: field.label.key, title: field.name, line: field.line, nodes: [], lead: field.value, depth: Number.POSITIVE_INFINITY };
          structure.sections.push(current);
        }
      }
      continue;
    }
    if (current) {
      current.nodes.push(node);
    } else {
      structure.leading.push(node);
    }
  }
  closeFieldHeading();
  return structure;
}

