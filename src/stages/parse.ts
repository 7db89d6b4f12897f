import type { Heading, RootContent } from 'mdast';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { Reporter, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ExtractContext } from './extract/context.js';
import { frontMatterReader } from './extract/front-matter-keys.js';
import { extractIncident, type Extracted } from './extract/incident.js';
import { labelKey } from './extract/fields.js';
import { looksLikeTemplate } from './extract/template.js';
import { NO_FRONT_MATTER, parseFrontMatter } from './frontmatter.js';
import { deepestNode, parseDocument, plainText } from './markdown.js';
import { splitIncidents } from './split.js';

/**
 * Nesting deeper than this (lists in lists in quotes…) is refused: no real postmortem comes close,
 * and rendering such a tree would exhaust the stack.
 */
const MAX_DEPTH = 100;

export interface ParsedFile {
  path: string;
  incidents: Extracted[];
  diagnostics: Diagnostic[];
}

/**
 * Everything pmkb learns from one file, as a pure function of its bytes and the config: this is the
 * unit that runs in worker threads and that the cache stores.
 */
export function parseFile(relativePath: string, content: Uint8Array | string, config: Config): ParsedFile {
  try {
    return readIncidents(relativePath, content, config);
  } catch (error) {
    // Never lose the build to one file: whatever went wrong becomes that file's diagnostic.
    const reporter = new Reporter(relativePath);
    reporter.report('parse-failed', undefined, { reason: error instanceof Error ? error.message : String(error) });
    return { path: relativePath, incidents: [], diagnostics: reporter.diagnostics };
  }
}

function readIncidents(relativePath: string, content: Uint8Array | string, config: Config): ParsedFile {
  const reporter = new Reporter(relativePath);
  const result: ParsedFile = { path: relativePath, incidents: [], diagnostics: reporter.diagnostics };
  const source = decode(content, reporter);
  if (source === null) return result;
  if (!source.trim()) {
    reporter.report('file-empty', { line: 1, column: 1 });
    return result;
  }
  const ctx: ExtractContext = { source, config, reporter };
  // Checked on the text first: the markdown parser itself slows to minutes on such input.
  const tooDeep = deepLine(source);
  const tree = tooDeep ? null : parseDocument(source);
  const deepest = tree ? deepestNode(tree) : tooDeep!;
  if (!tree || deepest.depth > MAX_DEPTH) {
    reporter.report('markdown-too-deep', { line: deepest.line, column: 1 }, { depth: deepest.depth, max: MAX_DEPTH });
    return result;
  }
  const first = tree.children[0] as { type: string; value?: string; position?: { start: { line: number } } } | undefined;
  const frontMatter =
    first && (first.type === 'yaml' || first.type === 'toml')
      ? parseFrontMatter(first.type, first.value ?? '', first.position?.start.line ?? 1, reporter)
      : NO_FRONT_MATTER;
  const fileErrors = reporter.diagnostics.length;
  const fm = frontMatterReader(frontMatter, ctx);
  const body = tree.children.filter((node) => !['yaml', 'toml'].includes(node.type));
  const chunks = splitIncidents({ type: 'root', children: body }, source, config);
  const stem = path.basename(relativePath).replace(/\.[^.]+$/, '');
  const collection = chunks.length > 1;

  for (const chunk of chunks) {
    const before = reporter.diagnostics.length;
    const titleHeading = chunk.heading ?? documentTitle(chunk.nodes, config);
    const nodes = chunk.heading ? chunk.nodes : chunk.nodes.filter((n) => n !== titleHeading);
    // An empty `#` titles nothing: the title then comes from front matter or the file name.
    const heading = (titleHeading && plainText(titleHeading)) || null;
    if (looksLikeTemplate((collection ? null : fm.string('title')) ?? heading ?? stem, nodes, config)) {
      reporter.report('template-skipped', { line: chunk.line, column: 1 });
      continue;
    }
    const extracted = extractIncident(
      {
        heading,
        headingLine: titleHeading?.position?.start.line ?? 1,
        nodes,
        // A single-incident file starts its incident at its first line, front matter included.
        line: collection ? chunk.line : 1,
        own: collection ? null : fm,
        file: collection ? fm : null,
        path: relativePath,
        stem,
      },
      ctx,
    );
    const { incident } = extracted;
    const empty = !incident.date && !incident.statusText && incident.timeline.length === 0 && Object.keys(incident.sections).length === 0 && incident.otherSections.length === 0;
    if (empty) {
      // A file whose front matter failed already has its error; "no incident" would only repeat it.
      if (!reporter.diagnostics.some((d) => d.severity === 'error')) reporter.report('no-incident', { line: chunk.line, column: 1 });
      continue;
    }
    const failed = reporter.diagnostics.slice(before).some((d) => d.severity === 'error') || reporter.diagnostics.slice(0, fileErrors).some((d) => d.severity === 'error');
    if (!failed) result.incidents.push(extracted);
  }
  return result;
}

/**
 * The heading that titles a single-incident document: an H1 that opens the document, or the first
 * heading when it is the only one at the shallowest depth — unless it is a section name like "Summary".
 */
function documentTitle(nodes: readonly RootContent[], config: Config): Heading | null {
  const headings = nodes.filter((n): n is Heading => n.type === 'heading');
  const first = headings[0];
  if (!first) return null;
  const top = Math.min(...headings.map((h) => h.depth));
  const opensDocument = first.depth === 1 && nodes.find((n) => n.type !== 'blockquote' && n.type !== 'html') === first;
  const onlyAtTop = first.depth === top && headings.filter((h) => h.depth === top).length === 1;
  if (!opensDocument && !onlyAtTop) return null;
  return labelKey(plainText(first), config) ? null : first;
}

/**
 * The first line whose prefix alone nests deeper than MAX_DEPTH: quote markers, or indentation that
 * only nested list items produce (two or more columns a level).
 */
function deepLine(source: string): { depth: number; line: number } | null {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const prefix = /^[\s>]*/.exec(lines[i]!)![0];
    const quotes = prefix.split('>').length - 1;
    const depth = quotes + Math.floor((prefix.length - quotes) / 2);
    if (quotes > MAX_DEPTH || depth > 2 * MAX_DEPTH) return { depth: Math.max(quotes, Math.floor(depth / 2)), line: i + 1 };
  }
  return null;
}

/** Text from bytes: strips a BOM, folds CRLF to LF (line numbers stay the same), refuses binary. */
function decode(content: Uint8Array | string, reporter: Reporter): string | null {
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    if (content.includes(0)) {
      reporter.report('file-binary', { line: 1, column: 1 }, { reason: 'it contains NUL bytes' });
      return null;
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      reporter.report('file-binary', { line: 1, column: 1 }, { reason: 'it is not valid UTF-8' });
      return null;
    }
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
