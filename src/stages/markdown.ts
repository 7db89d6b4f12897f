import type { Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Nodes as MdastNodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { TreeBuilder } from './markdown/blocks.js';
import { createParser, type Env } from './markdown/parser.js';

const parser = createParser();
// remark-gfm links literal URLs twice: while tokenizing (markdown/autolink.ts), then in the text left
// over (`"www.example.com"`, an address after an unclosed `[`). This is that second pass.
const autolinkLiterals = gfmAutolinkLiteralFromMarkdown().transforms![0]!;

// Raw HTML in a postmortem is dropped by remark-rehype, and whatever markdown itself can express is
// still cleaned by GitHub's sanitize schema: user text must never reach a page as live markup.
const htmlRenderer = unified()
  .use(remarkRehype)
  .use(rehypeSanitize, defaultSchema)
  .use(() => markExternalLinks)
  .use(rehypeStringify);

/**
 * Links to other sites get rel="noopener noreferrer", as rehype-external-links would add: an http(s)
 * address. Walked without unist-util-visit, whose visitor per node cost a quarter of making HTML.
 */
function markExternalLinks(tree: HastRoot): void {
  const stack: Array<HastRoot | HastContent> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'element' && node.tagName === 'a' && typeof node.properties.href === 'string' && /^https?:/i.test(node.properties.href)) {
      node.properties.rel = ['noopener', 'noreferrer'];
    }
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
}

/** Reads CommonMark with GFM and front matter into mdast, as remark-parse, remark-gfm and remark-frontmatter would. */
export function parseMarkdown(text: string): Root {
  const env: Env = {};
  const tree = new TreeBuilder(text, parser, env).build(parser.parse(text, env));
  linkLiterals(tree);
  return tree;
}

/**
 * Runs remark-gfm's literal autolink pass only on the blocks whose text could hold one: walking
 * every text node of every block with it cost as much as parsing.
 */
function linkLiterals(tree: Root): void {
  const stack: MdastNodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'table') {
      if (mayHoldLiteral(node)) autolinkLiterals({ type: 'root', children: [node] });
    } else if ('children' in node) {
      for (const child of node.children) stack.push(child);
    }
  }
}

/**
 * Parses a whole file. Front matter is recognized even after blank lines (some Jekyll posts start
 * with one); positions still point into the file as written.
 */
export function parseDocument(source: string): Root {
  const lead = /^(?:[ \t]*\n)+(?=(?:---|\+\+\+)[ \t]*\n)/.exec(source)?.[0] ?? '';
  const tree = parseMarkdown(source.slice(lead.length));
  if (lead) shiftPositions(tree, lead.split('\n').length - 1, lead.length);
  return tree;
}

/** Moves a snippet's line numbers to where the snippet stands in its file; offsets stay its own. */
export function shiftLines(node: MdastNodes, lines: number): void {
  shiftPositions(node, lines, 0);
}

function shiftPositions(node: MdastNodes, lines: number, offset: number): void {
  for (const point of [node.position?.start, node.position?.end]) {
    if (!point) continue;
    point.line += lines;
    if (point.offset !== undefined) point.offset += offset;
  }
  if ('children' in node) for (const child of node.children) shiftPositions(child, lines, offset);
}

export function nodesToHtml(nodes: readonly RootContent[]): string {
  // mdast-util-to-hast reads the tree without changing it, so the nodes can be shared, not copied.
  const root: Root = { type: 'root', children: nodes as RootContent[] };
  const hast = htmlRenderer.runSync(root);
  return htmlRenderer.stringify(hast).trim();
}

/** Renders a snippet of markdown that is not part of a parsed tree, such as the value of a field line. */
export function markdownToHtml(markdown: string): string {
  return nodesToHtml(parseMarkdown(markdown).children);
}

export function plainText(node: MdastNodes | readonly MdastNodes[]): string {
  const text = Array.isArray(node) ? node.map((n) => toString(n)).join(' ') : toString(node as MdastNodes);
  return text.replace(/\s+/g, ' ').trim();
}

/** The source text a run of sibling nodes was parsed from, exactly as written. */
export function sourceOf(source: string, nodes: readonly MdastNodes[]): string {
  const first = nodes[0]?.position?.start.offset;
  const last = nodes[nodes.length - 1]?.position?.end.offset;
  if (first === undefined || last === undefined) return '';
  return source.slice(first, last);
}

export function lineOf(node: MdastNodes | undefined, fallback = 1): number {
  return node?.position?.start.line ?? fallback;
}

/**
 * The deepest nesting in a tree and where it is, found without recursion so that a pathological
 * document cannot overflow the stack here.
 */
export function deepestNode(tree: Root): { depth: number; line: number } {
  const lines = inlineLines(tree);
  let deepest = { depth: 0, line: 1 };
  const stack: Array<[MdastNodes, number]> = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest.depth) deepest = { depth, line: node.position?.start.line ?? lines.get(node) ?? deepest.line };
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The line each inline node starts on: its block's first line plus the line endings written before
 * it (inline nodes carry no positions). Read in document order, without recursion.
 */
function inlineLines(tree: Root): Map<MdastNodes, number> {
  const lines = new Map<MdastNodes, number>();
  let line = 1;
  const stack: MdastNodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.position) line = node.position.start.line;
    else lines.set(node, line);
    if (node.type === 'break') line++;
    else if ('value' in node && !node.position) line += node.value.split('\n').length - 1;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return lines;
}

/** Whether a block's text could hold a literal autolink, read without recursion (inline nesting has no bound). */
function mayHoldLiteral(node: MdastNodes): boolean {
  const stack: MdastNodes[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if ('value' in next && /@|:\/\/|www\.|mailto:|xmpp:/i.test(next.value)) return true;
    if ('children' in next) for (const child of next.children) stack.push(child);
  }
  return false;
}
