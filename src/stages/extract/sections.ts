import type { RootContent } from 'mdast';
import { parseMarkdown, shiftLines } from '../markdown.js';
import type { ExtractContext } from './context.js';
import type { RawSection } from './structure.js';

/** A run of parsed nodes and the text their positions point into. */
export interface SectionPart {
  nodes: RootContent[];
  source: string;
}

/**
 * A section's content as parsed parts: the value of the field line that opened it (parsed on its
 * own, its lines moved to where it stands in the file), then the blocks that followed.
 */
export function sectionParts(section: RawSection, ctx: ExtractContext): SectionPart[] {
  const parts: SectionPart[] = [];
  if (section.lead) {
    const lead = parseMarkdown(section.lead);
    shiftLines(lead, section.line - 1);
    parts.push({ nodes: lead.children, source: section.lead });
  }
  if (section.nodes.length > 0) parts.push({ nodes: section.nodes, source: ctx.source });
  return parts;
}
