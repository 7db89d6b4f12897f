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
import { parseDocument, plainText } from './markdown.js';
import { splitIncidents } from './split.js';

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
  const reporter = new Reporter(relativePath);
  const result: ParsedFile = { path: relativePath, incidents: [], diagnostics: reporter.diagnostics };
  const source = decode(content, reporter);
  if (source === null) return result;
  if (!source.trim()) {
    reporter.report('file-empty', { line: 1, column: 1 });
    return result;
  }
  const ctx: ExtractContext = { source, config, reporter };
  const tree = parseDocument(source);
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
    const heading = titleHeading ? plainText(titleHeading) : null;
    if (looksLikeTemplate((collection ? null : fm.string('title')) ?? heading ?? stem, nodes)) {
      reporter.report('template-skipped', { line: chunk.line, column: 1 });
      continue;
    }
    const extracted = extractIncident(
      {
        heading,
        headingLine: titleHeading?.position?.start.line ?? 1,
        nodes,
        line: chunk.line,
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
      reporter.report('no-incident', { line: chunk.line, column: 1 });
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
