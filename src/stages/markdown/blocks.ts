import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { AlignType, List, ListItem, Nodes, Parent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import { normalizeIdentifier } from './gfm.js';
import { phrasing } from './inline.js';
import { starts, type Env } from './parser.js';

type Position = NonNullable<Root['position']>;
type Point = Position['start'];

interface Frame {
  node: Parent;
  /** The opening token; none for the root. */
  token: Token | null;
}

/**
 * Builds the mdast tree mdast-util-from-markdown would build from the same text, from markdown-it's
 * block tokens: block nodes get positions (line, column and offset, as remark gives them), inline
 * nodes none.
 */
export class TreeBuilder {
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly source: string,
    private readonly md: MarkdownIt,
    private readonly env: Env,
  ) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  build(tokens: readonly Token[]): Root {
    const last = this.lineStarts.length - 1;
    const root: Root = { type: 'root', children: [], position: { start: this.point(0, 0), end: this.point(this.source.length, last) } };
    const stack: Frame[] = [{ node: root, token: null }];
    const add = (node: RootContent) => (stack[stack.length - 1]!.node.children as RootContent[]).push(node);
    const open = (node: Parent & RootContent, token: Token) => {
      add(node);
      stack.push({ node, token });
    };
    for (const token of tokens) {
      switch (token.type) {
        case 'front_matter':
          add({ type: (token.meta as { type: 'yaml' | 'toml' }).type, value: token.content, position: this.leaf(token) } as RootContent);
          break;
        case 'paragraph_open':
          open({ type: 'paragraph', children: [] }, token);
          break;
        case 'heading_open':
          open({ type: 'heading', depth: Number(token.tag.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6, children: [] }, token);
          break;
        case 'blockquote_open':
          open({ type: 'blockquote', children: [] }, token);
          break;
        case 'bullet_list_open':
        case 'ordered_list_open':
          open({ type: 'list', ordered: token.type === 'ordered_list_open', start: null, spread: false, children: [] }, token);
          break;
        case 'list_item_open':
          open({ type: 'listItem', spread: false, checked: (token.meta as { checked?: boolean } | null)?.checked ?? null, children: [] }, token);
          break;
        case 'footnote_definition_open': {
          const label = (token.meta as { label: string }).label;
          open({ type: 'footnoteDefinition', identifier: normalizeIdentifier(label), label, children: [] }, token);
          break;
        }
        case 'table_open':
          open({ type: 'table', align: [], children: [] }, token);
          break;
        case 'tr_open':
          open({ type: 'tableRow', children: [] }, token);
          break;
        case 'th_open':
        case 'td_open':
          if (token.type === 'th_open') (stack[stack.length - 2]!.node as Table).align!.push(alignOf(token));
          open({ type: 'tableCell', children: [] }, token);
          break;
        case 'inline':
          stack[stack.length - 1]!.node.children = phrasing(token.children ?? []);
          break;
        case 'paragraph_close':
        case 'heading_close':
        case 'blockquote_close':
        case 'bullet_list_close':
        case 'ordered_list_close':
        case 'list_item_close':
        case 'footnote_definition_close':
        case 'table_close':
        case 'tr_close':
        case 'th_close':
        case 'td_close':
          this.close(stack.pop()!);
          break;
        case 'thead_open':
        case 'thead_close':
        case 'tbody_open':
        case 'tbody_close':
          break;
        case 'fence': {
          const info = this.md.utils.unescapeAll(token.info).trim();
          const lang = info.split(/[ \t]/, 1)[0]!;
          const meta = info.slice(lang.length).trim();
          add({ type: 'code', lang: lang || null, meta: meta || null, value: token.content.replace(/\n$/, ''), position: this.fence(token) });
          break;
        }
        case 'code_block':
          add({ type: 'code', lang: null, meta: null, value: token.content.replace(/\n$/, ''), position: this.leaf(token) });
          break;
        case 'html_block':
          add({ type: 'html', value: token.content.replace(/\n$/, ''), position: this.leaf(token) });
          break;
        case 'hr':
          add({ type: 'thematicBreak', position: this.leaf(token) });
          break;
        case 'definition': {
          const { label, url, title } = token.meta as { label: string; url: string; title: string | null };
          add({ type: 'definition', identifier: normalizeIdentifier(label), label, url, title, position: this.leaf(token) });
          break;
        }
        default:
          throw new Error(`markdown: no mdast for block token ${token.type}`);
      }
    }
    return root;
  }

  private close(frame: Frame): void {
    const { node } = frame;
    const token = frame.token!;
    const children = node.children as Nodes[];
    switch (node.type) {
      case 'paragraph': {
        const position = this.leaf(token);
        // A task item's paragraph starts after its check when text follows it directly.
        if ((token.meta as { task?: boolean } | null)?.task && children[0]?.type === 'text') shift(position.start, 4);
        node.position = position;
        return;
      }
      case 'heading':
      case 'table':
        node.position = this.leaf(token);
        return;
      case 'tableRow':
        this.cells(node as TableRow, token);
        return;
      case 'tableCell':
        return;
      case 'list': {
        const list = node as List;
        const items = list.children;
        if (list.ordered) list.start = Number(token.attrGet('start') ?? 1);
        list.spread = items.some((item, i) => i > 0 && item.position!.start.line > items[i - 1]!.position!.end.line + 1);
        node.position = { start: { ...items[0]!.position!.start }, end: { ...items[items.length - 1]!.position!.end } };
        return;
      }
      case 'listItem':
        (node as ListItem).spread = children.some((child, i) => i > 0 && child.position!.start.line > children[i - 1]!.position!.end.line + 1);
        node.position = this.container(token, children);
        return;
      case 'blockquote': {
        // A quote's last lines may hold nothing but its markers (`>`): they are still part of it.
        const position = this.container(token, children);
        let line = token.map![1] - 1;
        while (line + 1 > position.end.line && !this.source.slice(this.lineStarts[line], this.lineEnd(line)).trim()) line--;
        if (line + 1 > position.end.line) position.end = this.point(this.lineEnd(line), line);
        node.position = position;
        return;
      }
      default:
        node.position = this.container(token, children);
    }
  }

  /** Blockquotes, list items, footnote definitions: from their marker to the end of their last child, or of their line when empty. */
  private container(token: Token, children: readonly Nodes[]): Position {
    const last = children[children.length - 1]?.position;
    const line = token.map![0];
    return { start: this.start(token), end: last ? { ...last.end } : this.point(this.lineEnd(line), line) };
  }

  /** A top-level fence left open at the end of the document runs to its very end, final line ending included. */
  private fence(token: Token): Position {
    const position = this.leaf(token);
    const last = token.map![1] - 1;
    const text = this.source.slice(this.lineStarts[last], this.lineEnd(last));
    const closed = last > token.map![0] && new RegExp(`^[\\s>]*\\${token.markup[0]}{${token.markup.length},}\\s*$`).test(text);
    if (!closed && token.level === 0 && last === this.lineStarts.length - 2) position.end = this.point(this.source.length, last + 1);
    return position;
  }

  /** Leaf blocks end where their last line ends. */
  private leaf(token: Token): Position {
    const line = token.map![1] - 1;
    return { start: this.start(token), end: this.point(this.lineEnd(line), line) };
  }

  private start(token: Token): Point {
    return this.point(starts.get(token) ?? this.lineStarts[token.map![0]]!, token.map![0]);
  }

  private point(offset: number, line: number): Point {
    return { line: line + 1, column: offset - this.lineStarts[line]! + 1, offset };
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    return next === undefined ? this.source.length : next - 1;
  }

  /**
   * A row's cells as GFM has them: each from its leading pipe (or the row's first character) to the
   * next pipe, the last one to the end of the line. markdown-it pads short rows and drops cells past
   * the header's; mdast keeps rows as written.
   */
  private cells(row: TableRow, token: Token): void {
    const line = token.map![0];
    const from = starts.get(token) ?? this.lineStarts[line]!;
    const to = this.lineEnd(line);
    const pipes: number[] = [];
    for (let i = from; i < to; i++) {
      const ch = this.source.charCodeAt(i);
      if (ch === 0x5c) i++;
      else if (ch === 0x7c && i > from) pipes.push(i);
    }
    if (pipes.length > 0 && !this.source.slice(pipes[pipes.length - 1]! + 1, to).trim()) pipes.pop();
    const parsed = row.children as TableCell[];
    row.children = [from, ...pipes].map((start, i): TableCell => {
      const end = pipes[i] ?? to;
      const cell: TableCell = parsed[i] ?? { type: 'tableCell', children: this.parseCell(this.source.slice(start, end)) };
      cell.position = { start: this.point(start, line), end: this.point(end, line) };
      return cell;
    });
    row.position = { start: this.point(from, line), end: this.point(to, line) };
  }

  private parseCell(text: string): TableCell['children'] {
    const content = text.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').trim();
    const [inline] = this.md.parseInline(content.replace(/\\\|/g, '|'), this.env);
    return phrasing(inline?.children ?? []) as TableCell['children'];
  }
}

function alignOf(token: Token): AlignType {
  const style = token.attrGet('style');
  return style ? (style.slice('text-align:'.length) as AlignType) : null;
}

function shift(point: Point, columns: number): void {
  point.column += columns;
  point.offset! += columns;
}
