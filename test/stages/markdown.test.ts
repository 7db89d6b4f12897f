import type { List, Nodes, Paragraph, Table } from 'mdast';
import { describe, expect, it } from 'vitest';
import { nodesToHtml, parseDocument, parseMarkdown } from '../../src/stages/markdown.js';

// Every value below is what remark-parse + remark-gfm + remark-frontmatter gave for the same text:
// the extractors and remark-rehype were written against that mdast.
const span = (node: Nodes) => {
  const { start, end } = node.position!;
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
};

describe('markdown parsing into mdast', () => {
  const tree = parseMarkdown('- [ ] open\n- [x] **done**\n\n| When | What |\n|---|:-:|\n| 10:00 | a \\| b | extra |\n|short\n');

  it('checks task items and starts their paragraph after the check when text follows it', () => {
    const list = tree.children[0] as List;
    expect(list.children.map((item) => [item.checked, span(item.children[0]!)])).toEqual([
      [false, '1:7-1:11'],
      [true, '2:3-2:15'],
    ]);
  });

  it('keeps table rows as written, each cell from its leading pipe', () => {
    const table = tree.children[1] as Table;
    expect(table.align).toEqual([null, 'center']);
    expect(table.children.map((row) => row.children.map(span))).toEqual([['4:1-4:8', '4:8-4:16'], ['6:1-6:9', '6:9-6:18', '6:18-6:27'], ['7:1-7:7']]);
  });

  it('reads front matter after leading blank lines, with positions in the file as written', () => {
    const doc = parseDocument('\n\n---\ntitle: x\n---\n# T\n\n> quoted\n>\n');
    expect(doc.children.map((n) => [n.type, span(n)])).toEqual([
      ['yaml', '3:1-5:4'],
      ['heading', '6:1-6:4'],
      ['blockquote', '8:1-9:2'],
    ]);
    expect(doc.children[0]).toMatchObject({ value: 'title: x' });
  });

  it('keeps line endings in code spans', () => {
    expect((parseMarkdown('`a\n  b`').children[0] as Paragraph).children[0]).toEqual({ type: 'inlineCode', value: 'a\n  b' });
  });
});

describe('rendering parsed markdown', () => {
  const tree = parseMarkdown('See [the docs][docs], a note[^1] and http://example.com/a_b_c.\n\n[docs]: https://docs.example "Docs"\n\n[^1]: The note.\n');

  it('resolves references and footnotes against the definitions among the rendered nodes', () => {
    expect(nodesToHtml(tree.children)).toBe(
      '<p>See <a href="https://docs.example" title="Docs" rel="noopener noreferrer">the docs</a>, a note<sup><a href="#user-content-fn-1" id="user-content-user-content-fnref-1" data-footnote-ref aria-describedby="user-content-footnote-label">1</a></sup> and <a href="http://example.com/a_b_c" rel="noopener noreferrer">http://example.com/a_b_c</a>.</p>\n' +
        '<section data-footnotes class="footnotes"><h2 class="sr-only" id="user-content-footnote-label">Footnotes</h2>\n<ol>\n<li id="user-content-user-content-fn-1">\n<p>The note. <a href="#user-content-fnref-1" data-footnote-backref="" aria-label="Back to reference 1" class="data-footnote-backref">↩</a></p>\n</li>\n</ol>\n</section>',
    );
    expect(nodesToHtml(tree.children.slice(0, 1))).toBe(
      '<p>See [the docs][docs], a note<sup><a href="#user-content-fn-1" id="user-content-user-content-fnref-1" data-footnote-ref aria-describedby="user-content-footnote-label">1</a></sup> and <a href="http://example.com/a_b_c" rel="noopener noreferrer">http://example.com/a_b_c</a>.</p>',
    );
  });

  it('reads GFM strikethrough and literal autolinks', () => {
    expect(nodesToHtml(parseMarkdown('~one~ ~~two~~ ~~~three~~~ `a\n  b` www.example.com, mail@example.com').children)).toBe(
      '<p><del>one</del> <del>two</del> ~~~three~~~ <code>a   b</code> <a href="http://www.example.com" rel="noopener noreferrer">www.example.com</a>, <a href="mailto:mail@example.com">mail@example.com</a></p>',
    );
  });
});
