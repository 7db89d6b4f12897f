import type MarkdownIt from 'markdown-it';
import type { Delimiter, StateBlock, StateCore, StateInline } from 'markdown-it';
import list from 'markdown-it/lib/rules_block/list.mjs';
import table from 'markdown-it/lib/rules_block/table.mjs';
import type { Env } from './parser.js';

/**
 * GFM syntax markdown-it lacks or reads differently, as micromark's GFM extensions read it:
 * footnotes (definitions stay where they are written, as mdast keeps them), strikethrough with one
 * or two tildes, and task list checks.
 */
export function gfm(md: MarkdownIt): void {
  md.block.ruler.at('table', gfmTable, { alt: ['paragraph', 'reference'] });
  md.block.ruler.at('list', micromarkList, { alt: ['paragraph', 'reference', 'blockquote'] });
  md.block.ruler.before('reference', 'footnote_definition', footnoteDefinition, { alt: ['paragraph', 'reference', 'blockquote'] });
  md.inline.ruler.after('image', 'footnote_reference', footnoteReference);
  md.inline.ruler.at('strikethrough', strikethrough);
  md.inline.ruler2.at('strikethrough', (state) => {
    pairStrikethrough(state, state.delimiters);
    for (const meta of state.tokens_meta) if (meta?.delimiters) pairStrikethrough(state, meta.delimiters);
    return false;
  });
  md.core.ruler.before('inline', 'task_list', taskLists);
}

/** micromark's identifier for a label: whitespace collapsed, case folded. */
export function normalizeIdentifier(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase().toLowerCase();
}

function footnoteLabels(env: Env): Set<string> {
  return (env.footnotes ??= new Set());
}

/** A delimiter row of dashes alone is a setext underline or a thematic break, not a table's (GFM). */
function gfmTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const delimiter = startLine + 1;
  if (delimiter >= endLine || !/[|:]/.test(state.src.slice(state.bMarks[delimiter]! + state.tShift[delimiter]!, state.eMarks[delimiter]))) return false;
  return table(state, startLine, endLine, silent);
}

/**
 * micromark treats indented code (which may go on after blank lines) and a link definition as still
 * open when the next block starts, so a list there must be one that could interrupt a paragraph:
 * an ordered one starts at 1, and its first item is not empty.
 */
function micromarkList(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (!silent && afterOpenConstruct(state, startLine)) {
    const parentType = state.parentType;
    state.parentType = 'paragraph';
    const interrupts = list(state, startLine, endLine, true);
    state.parentType = parentType;
    if (!interrupts) return false;
  }
  return list(state, startLine, endLine, silent);
}

function afterOpenConstruct(state: StateBlock, line: number): boolean {
  let i = state.tokens.length - 1;
  while (i >= 0 && state.tokens[i]!.nesting === 1) i--;
  const previous = state.tokens[i];
  return previous?.type === 'code_block' || (previous?.type === 'definition' && previous.map?.[1] === line);
}

/** `[^label]: text`, its content indented four columns on the lines after, like a list item's. */
function footnoteDefinition(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const label = /^\[\^([^\s[\]]+)\]:/.exec(state.src.slice(start, Math.min(max, start + 1004)))?.[1];
  if (!label) return false;
  if (silent) return true;
  footnoteLabels(state.env).add(normalizeIdentifier(label));

  const open = state.push('footnote_definition_open', '', 1);
  open.meta = { label };
  open.map = [startLine, 0];
  const afterColon = start + label.length + 4;
  let pos = afterColon;
  let offset = state.sCount[startLine]! + (afterColon - start);
  const initial = offset;
  while (pos < max) {
    const ch = state.src.charCodeAt(pos);
    if (ch === 0x09) offset += 4 - (offset % 4);
    else if (ch === 0x20) offset++;
    else break;
    pos++;
  }
  const saved = { bMark: state.bMarks[startLine]!, tShift: state.tShift[startLine]!, sCount: state.sCount[startLine]!, parentType: state.parentType };
  state.bMarks[startLine] = afterColon;
  state.tShift[startLine] = pos - afterColon;
  state.sCount[startLine] = offset - initial;
  state.blkIndent += 4;
  state.parentType = 'footnote' as typeof state.parentType;
  if (state.sCount[startLine]! < state.blkIndent) state.sCount[startLine]! += state.blkIndent;
  state.md.block.tokenize(state, startLine, endLine);
  state.parentType = saved.parentType;
  state.blkIndent -= 4;
  state.bMarks[startLine] = saved.bMark;
  state.tShift[startLine] = saved.tShift;
  state.sCount[startLine] = saved.sCount;
  if (state.line === startLine) state.line++;
  open.map[1] = state.line;
  state.push('footnote_definition_close', '', -1);
  return true;
}

/** `[^label]`, only for a label the document defines (otherwise it stays text, as in GFM). */
function footnoteReference(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5b || state.src.charCodeAt(start + 1) !== 0x5e) return false;
  const label = /^\[\^([^\s[\]]+)\]/.exec(state.src.slice(start, Math.min(state.posMax, start + 1003)))?.[1];
  if (!label || !footnoteLabels(state.env).has(normalizeIdentifier(label))) return false;
  if (!silent) state.push('footnote_reference', '', 0).meta = { label };
  state.pos = start + label.length + 3;
  return true;
}

// Runs of one and of two tildes only pair with runs of the same length: a distinct marker each.
const ONE_TILDE = 0x7e + 0x10000;

function strikethrough(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== 0x7e) return false;
  const scanned = state.scanDelims(state.pos, true);
  const token = state.push('text', '', 0);
  token.content = '~'.repeat(scanned.length);
  if (scanned.length <= 2) {
    state.delimiters.push({
      marker: scanned.length === 1 ? ONE_TILDE : 0x7e,
      length: 0,
      token: state.tokens.length - 1,
      end: -1,
      open: scanned.can_open,
      close: scanned.can_close,
    } as Delimiter);
  }
  state.pos += scanned.length;
  return true;
}

function pairStrikethrough(state: StateInline, delimiters: Delimiter[]): void {
  for (const opener of delimiters) {
    if ((opener.marker !== 0x7e && opener.marker !== ONE_TILDE) || opener.end === -1) continue;
    const open = state.tokens[opener.token]!;
    const close = state.tokens[delimiters[opener.end]!.token]!;
    Object.assign(open, { type: 's_open', tag: 's', nesting: 1, markup: open.content, content: '' });
    Object.assign(close, { type: 's_close', tag: 's', nesting: -1, markup: close.content, content: '' });
  }
}

/**
 * `[ ]` / `[x]` opening a list item's first paragraph, followed by whitespace and more text or by a
 * line ending: the item gets `checked` and the paragraph loses the check and one space. The
 * paragraph then starts after them when text follows directly (mdast-util-gfm-task-list-item).
 */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open' || tokens[i - 2]!.type !== 'list_item_open') continue;
    const m = /^\[([ \t\nxX])\](?=\n|[ \t]+[^])/.exec(inline.content);
    if (!m) continue;
    tokens[i - 2]!.meta = { checked: m[1] === 'x' || m[1] === 'X' };
    tokens[i - 1]!.meta = { task: true };
    inline.content = inline.content.slice(4);
  }
}
