import MarkdownIt from 'markdown-it';
import type { StateBlock, StateInline, Token } from 'markdown-it';
import { autolinkLiterals } from './autolink.js';
import { gfm } from './gfm.js';

/** What one parse shares between its block and inline passes. */
export interface Env {
  /** Identifiers of the footnotes the document defines. */
  footnotes?: Set<string>;
}

/** Where each block token starts in the source: markdown-it only records its lines. */
export const starts = new WeakMap<Token, number>();

/**
 * markdown-it set up to read what remark (CommonMark, GFM, front matter) reads, with everything the
 * mdast conversion needs recorded on the tokens: start offsets, link reference kinds, definitions.
 */
export function createParser(): MarkdownIt {
  const md = new MarkdownIt('default', {
    html: true,
    linkify: false,
    typographer: false,
  });
  // markdown-it silently drops blocks nested deeper than this, so it is set above anything parse.ts's
  // pre-scan lets through (which then reports `markdown-too-deep` with the line remark gave); link
  // labels recurse per level, so it also keeps a `[[[[…` line within the stack.
  Object.assign(md.options, { maxNesting: 1000 });
  // mdast keeps destinations as written; remark-rehype and the sanitizer encode and vet them later.
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (text) => text;
  md.validateLink = () => true;
  md.use(gfm);
  md.use(autolinkLiterals);
  md.block.ruler.before('table', 'front_matter', frontMatter);
  recordBlockStarts(md);
  readInlineSource(md);
  return md;
}

/**
 * Wraps every block rule: after a rule succeeds, the tokens it pushed whose start is not yet known
 * start where the first line's content begins in the rule's own container. Nested rules run first
 * and so record the inner positions. A rule that consumed lines without any token read a link
 * reference definition, which mdast keeps as a node.
 */
function recordBlockStarts(md: MarkdownIt): void {
  const ruler = md.block.ruler;
  const original = ruler.getRules.bind(ruler);
  const wrapped = new Map<string, ReturnType<typeof original>>();
  ruler.getRules = (chain: string) => {
    let rules = wrapped.get(chain);
    if (!rules) {
      rules = original(chain).map((rule) => (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
        const from = state.tokens.length;
        if (!rule(state, startLine, endLine, silent)) return false;
        if (silent) return true;
        if (state.tokens.length === from) addDefinition(state, startLine);
        for (let i = from; i < state.tokens.length; i++) {
          const token = state.tokens[i]!;
          if (!token.map || starts.has(token)) continue;
          const line = token.map[0];
          // Indented code and HTML start at the container's content column, their own indentation included.
          const indent = token.type === 'code_block' || token.type === 'html_block' ? Math.min(state.blkIndent, state.tShift[line]!) : state.tShift[line]!;
          starts.set(token, state.bMarks[line]! + indent);
        }
        return true;
      });
      wrapped.set(chain, rules);
    }
    return rules;
  };
}

/** A link reference definition as written, read again from its own lines (markdown-it keeps only the first of a label). */
function addDefinition(state: StateBlock, startLine: number): void {
  const text = state.getLines(startLine, state.line, state.blkIndent, false).trim();
  const label = /^\[((?:[^\\[\]]|\\[^])*)\]:[ \t]*\n?[ \t]*/.exec(text);
  const { parseLinkDestination, parseLinkTitle } = state.md.helpers;
  const destination = parseLinkDestination(text, label?.[0].length ?? 0, text.length);
  const title = parseLinkTitle(text, destination.pos + (/^\s*/.exec(text.slice(destination.pos))?.[0].length ?? 0), text.length);
  const token = state.push('definition', '', 0);
  token.map = [startLine, state.line];
  token.meta = { label: label?.[1] ?? '', url: destination.str, title: title.ok ? title.str : null };
}

/** Front matter (`---` YAML or `+++` TOML) on the first line, closed by the same fence. */
function frontMatter(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (startLine !== 0 || state.level !== 0 || state.blkIndent !== 0) return false;
  const line = (n: number) => state.src.slice(state.bMarks[n], state.eMarks[n]);
  const fence = /^(---|\+\+\+)[ \t]*$/.exec(line(0))?.[1];
  if (!fence) return false;
  const closing = fence === '---' ? /^---[ \t]*$/ : /^\+\+\+[ \t]*$/;
  let close = 1;
  while (close < state.lineMax && !closing.test(line(close))) close++;
  if (close >= state.lineMax) return false;
  if (silent) return true;
  const token = state.push('front_matter', '', 0);
  token.map = [0, close + 1];
  token.meta = { type: fence === '---' ? 'yaml' : 'toml' };
  token.content = close > 1 ? state.src.slice(state.bMarks[1], state.eMarks[close - 1]) : '';
  state.line = close + 1;
  return true;
}

export interface Reference {
  referenceType: 'full' | 'collapsed' | 'shortcut';
  label: string;
}

/** Link and image tokens written by reference (`[a][b]`, `[a][]`, `[a]`), with their label. */
export const references = new WeakMap<Token, Reference>();

/**
 * Wraps every inline rule to read back, from the text the rule consumed, what markdown-it does not
 * keep and mdast does: whether a link or image was written by reference (mdast keeps linkReference
 * and imageReference for remark-rehype to resolve against the definitions in the part of the
 * document being rendered) and a code span's line endings.
 */
function readInlineSource(md: MarkdownIt): void {
  const ruler = md.inline.ruler;
  const original = ruler.getRules.bind(ruler);
  const wrapped = new Map<string, ReturnType<typeof original>>();
  ruler.getRules = (chain: string) => {
    let rules = wrapped.get(chain);
    if (!rules) {
      rules = original(chain).map((rule) => (state: StateInline, silent: boolean) => {
        const start = state.pos;
        const from = state.tokens.length;
        if (!rule(state, silent)) return false;
        if (!silent) {
          noteReference(state, start, from);
          keepLineEndings(state, start, from);
        }
        return true;
      });
      wrapped.set(chain, rules);
    }
    return rules;
  };
}

/** mdast keeps a code span's line endings (remark-rehype turns them into spaces); markdown-it does not. */
function keepLineEndings(state: StateInline, start: number, from: number): void {
  const token = state.tokens[state.tokens.length - 1];
  if (state.tokens.length <= from || token?.type !== 'code_inline' || !token.content.includes(' ')) return;
  const raw = state.src.slice(start + token.markup.length, state.pos - token.markup.length);
  token.content = /^[ \n][^]*[^ \n][^]*[ \n]$/.test(raw) ? raw.slice(1, -1) : raw;
}

function noteReference(state: StateInline, start: number, from: number): void {
  const bracket = state.src.charCodeAt(start) === 0x21 ? start + 1 : start;
  if (state.src.charCodeAt(bracket) !== 0x5b) return;
  const token = state.tokens.slice(from).find((t) => t.type === 'link_open' || t.type === 'image');
  if (!token || references.has(token)) return;
  const end = state.pos;
  const labelEnd = state.md.helpers.parseLinkLabel(state, bracket, bracket === start);
  state.pos = end;
  const after = state.src.slice(labelEnd + 1, end);
  if (after.startsWith('(')) return;
  const text = state.src.slice(bracket + 1, labelEnd);
  if (after === '') references.set(token, { referenceType: 'shortcut', label: text });
  else if (after === '[]') references.set(token, { referenceType: 'collapsed', label: text });
  else references.set(token, { referenceType: 'full', label: after.slice(1, -1) });
}
