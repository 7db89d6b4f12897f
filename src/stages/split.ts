import type { Heading, Root, RootContent } from 'mdast';
import type { Config } from '../config/config.js';
import { plainText, sourceOf } from './markdown.js';
import { labelKey } from './extract/fields.js';

/** The part of a document that tells one incident. */
export interface Chunk {
  /** The heading that titles the incident, when the document has one. */
  heading: Heading | null;
  /** Depth of that heading (0 for a whole-file incident); deeper headings are its sections. */
  depth: number;
  nodes: RootContent[];
  line: number;
}

const INCIDENT_NUMBER = /\bincident\s*#?\s*\d+\b/i;
const METADATA_FIELDS = new Set(['date', 'status', 'authors', 'severity', 'network']);

/**
 * Splits a document into incidents. A collection page holds several incidents as sibling headings,
 * each titled like "… (Incident #7)" or followed directly by its own metadata field lines
 * (`**Date:**`, `**Status:**`…); anything else is one incident. The collection's preamble is not an
 * incident.
 */
export function splitIncidents(tree: Root, source: string, config: Config): Chunk[] {
  const nodes = tree.children.filter((node) => !isPageChrome(node, source));
  const candidates = nodes
    .map((node, index) => ({ node, index }))
    .filter((c): c is { node: Heading; index: number } => c.node.type === 'heading' && isIncidentHeading(c.node, nodes, c.index, source, config));
  const depth = Math.min(...candidates.map((c) => c.node.depth));
  const heads = candidates.filter((c) => c.node.depth === depth);
  if (heads.length < 2) {
    return [{ heading: null, depth: 0, nodes, line: nodes[0]?.position?.start.line ?? 1 }];
  }
  return heads.map(({ node, index }) => {
    let end = index + 1;
    while (end < nodes.length && !(nodes[end]!.type === 'heading' && (nodes[end] as Heading).depth <= depth)) end++;
    return { heading: node, depth, nodes: nodes.slice(index + 1, end), line: node.position?.start.line ?? 1 };
  });
}

function isIncidentHeading(heading: Heading, nodes: readonly RootContent[], index: number, source: string, config: Config): boolean {
  if (INCIDENT_NUMBER.test(plainText(heading))) return true;
  let metadata = 0;
  for (let i = index + 1; i < nodes.length && nodes[i]!.type !== 'heading'; i++) {
    const node = nodes[i]!;
    if (node.type !== 'paragraph') continue;
    for (const line of sourceOf(source, [node]).split('\n')) {
      const label = /^\s*(?:\*\*|__)?([^:*_]{1,40}?)(?:\*\*|__)?\s*:/.exec(line)?.[1];
      const key = label ? labelKey(label, config) : null;
      if (key?.kind === 'field' && METADATA_FIELDS.has(key.key)) metadata++;
    }
  }
  return metadata >= 2;
}

/** MDX `import`/`export` lines and JSX components such as `<HeaderBadgesWidget />` are site chrome. */
function isPageChrome(node: RootContent, source: string): boolean {
  if (node.type === 'html') return /^<[A-Z][\w.]*[\s/>]/.test(node.value.trim());
  if (node.type === 'paragraph') return /^(?:import|export)\s[^\n]*(?:from\s+['"][^'"]+['"]|=)/.test(sourceOf(source, [node]).trim());
  return false;
}
