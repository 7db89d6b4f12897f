import type { RootContent } from 'mdast';
import type { Config } from '../../config/config.js';
import { plainText } from '../markdown.js';
import { labelKey } from './fields.js';
import { bucketOf } from './lessons.js';

// The whole title is a stand-in: "Title", "Title (incident #)", "Title of the incident: Date",
// "Incident Title", "Postmortem Template" — but not "Email template rendering outage".
const PLACEHOLDER_TITLE = /^(?:(?:incident|postmortem)\s+)?title\b(?:\s*\(.*\)|\s+of the incident\b.*)?$|^(?:(?:incident|postmortem)\s+)?template$/i;
// Words that stand in for content in templates: "-", "TBD", "YYYY-MM-DD", "20xx-MM-DD HH:mm", "[link]"…
const PLACEHOLDER_TEXT = /\b(?:tbd|n\/a|todo|y{2,4}|mm|dd|hh|20xx|xx+)\b|\[[^\]]*\]|<[^>]*>|[-–—:|#*_.,()]+/gi;

/**
 * Whether a document is an empty postmortem template rather than an incident: a placeholder title
 * ("Title (incident #)", "Incident Title", "Postmortem Template") with little written under its
 * headings, or almost nothing written under many headings.
 */
export function looksLikeTemplate(title: string, nodes: readonly RootContent[], config: Config): boolean {
  const placeholder = PLACEHOLDER_TITLE.test(title.trim());
  const manyHeadings = nodes.filter((n) => n.type === 'heading').length >= 4;
  if (!placeholder && !manyHeadings) return false;
  // Read only as far as the verdict needs: a written postmortem passes the bar in its first blocks.
  const enough = placeholder ? 400 : 40;
  return filledLength(nodes, config, enough) < enough;
}

/**
 * How much is written under the headings, up to `enough` characters: text with placeholders and
 * punctuation removed and spaces collapsed, each block read on its own.
 */
function filledLength(nodes: readonly RootContent[], config: Config, enough: number): number {
  let length = 0;
  const add = (text: string) => {
    const filled = text.replace(PLACEHOLDER_TEXT, ' ').replace(/\s+/g, ' ').trim();
    if (filled) length += (length > 0 ? 1 : 0) + filled.length;
  };
  for (const node of nodes) {
    if (length >= enough) break;
    // A heading a template ships with ("Impact", "End User Impact") is not content; one an author
    // wrote ("22:04 UTC: Network split identified") is: it carries a number or says a whole sentence.
    if (node.type === 'heading') {
      const text = plainText(node);
      if (isWrittenHeading(text, config)) add(text);
      continue;
    }
    if (node.type === 'html' || node.type === 'blockquote' || node.type === 'thematicBreak') continue;
    if (node.type === 'table') {
      // Header rows name the columns to fill in; only body cells would hold an incident's facts.
      for (const row of node.children.slice(1)) add(plainText(row.children));
      continue;
    }
    add(plainText(node));
  }
  return length;
}

function isWrittenHeading(text: string, config: Config): boolean {
  if (labelKey(text, config) || bucketOf(text)) return false;
  return /\d/.test(text) || text.split(/\s+/).length > 6;
}
