import type { RootContent } from 'mdast';
import { parseMarkdown } from '../markdown.js';
import type { RawSection } from './structure.js';

/** The parsed nodes of a section, parsing the field value when the section came from a field line. */
export function sectionNodes(section: RawSection): RootContent[] {
  return section.markdown !== undefined ? parseMarkdown(section.markdown).children : section.nodes;
}
