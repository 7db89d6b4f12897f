import type { RootContent } from 'mdast';
import { plainText } from '../markdown.js';

const PLACEHOLDER_TITLE = /^(?:title|incident title|postmortem title)\b|\btemplate\b/i;
// Words that stand in for content in templates: "-", "TBD", "YYYY-MM-DD", "20xx-MM-DD HH:mm", "[link]"…
const PLACEHOLDER_TEXT = /\b(?:tbd|n\/a|todo|y{2,4}|mm|dd|hh|20xx|xx+)\b|\[[^\]]*\]|<[^>]*>|[-–—:|#*_.,()]+/gi;

/**
 * Whether a document is an empty postmortem template rather than an incident: a placeholder title
 * ("Title (incident #)", "Incident Title", "Postmortem Template") with little written under its
 * headings, or almost nothing written under many headings.
 */
export function looksLikeTemplate(title: string, nodes: readonly RootContent[]): boolean {
  const headings = nodes.filter((n) => n.type === 'heading').length;
  const written = filledText(nodes).length;
  return (PLACEHOLDER_TITLE.test(title.trim()) && written < 400) || (headings >= 4 && written < 40);
}

function filledText(nodes: readonly RootContent[]): string {
  const parts: string[] = [];
  for (const node of nodes) {
    if (node.type === 'heading' || node.type === 'html' || node.type === 'blockquote' || node.type === 'thematicBreak') continue;
    if (node.type === 'table') {
      // Header rows name the columns to fill in; only body cells would hold an incident's facts.
      for (const row of node.children.slice(1)) parts.push(plainText(row.children));
      continue;
    }
    parts.push(plainText(node));
  }
  return parts.join(' ').replace(PLACEHOLDER_TEXT, ' ').replace(/\s+/g, ' ').trim();
}
