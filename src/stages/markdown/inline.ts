import type { Token } from 'markdown-it';
import type { Parent, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { normalizeIdentifier } from './gfm.js';
import { references } from './parser.js';

type Container = Extract<PhrasingContent, Parent>;

/**
 * mdast phrasing content from markdown-it inline tokens, as mdast-util-from-markdown builds it:
 * adjacent text and soft line breaks make one text node. Inline nodes carry no positions: nothing
 * in pmkb reads them.
 */
export function phrasing(tokens: readonly Token[]): PhrasingContent[] {
  const root: PhrasingContent[] = [];
  const stack: PhrasingContent[][] = [root];
  let children = root;
  const open = (node: Container) => {
    children.push(node);
    stack.push(node.children as PhrasingContent[]);
    children = node.children as PhrasingContent[];
  };
  const text = (value: string) => {
    const last = children[children.length - 1];
    if (last?.type === 'text') last.value += value;
    else children.push({ type: 'text', value });
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        if (token.content) text(token.content);
        break;
      case 'softbreak':
        text('\n');
        break;
      case 'hardbreak':
        children.push({ type: 'break' });
        break;
      case 'code_inline':
        children.push({ type: 'inlineCode', value: token.content });
        break;
      case 'html_inline':
        children.push({ type: 'html', value: token.content });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 's_open':
        open({ type: 'delete', children: [] });
        break;
      case 'link_open': {
        const reference = references.get(token);
        if (reference) open({ type: 'linkReference', identifier: normalizeIdentifier(reference.label), label: reference.label, referenceType: reference.referenceType, children: [] });
        else open({ type: 'link', url: token.attrGet('href') ?? '', title: token.attrGet('title'), children: [] });
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        stack.pop();
        children = stack[stack.length - 1]!;
        break;
      case 'image': {
        const alt = toString(phrasing(token.children ?? []));
        const reference = references.get(token);
        if (reference) children.push({ type: 'imageReference', identifier: normalizeIdentifier(reference.label), label: reference.label, referenceType: reference.referenceType, alt });
        else children.push({ type: 'image', url: token.attrGet('src') ?? '', title: token.attrGet('title'), alt });
        break;
      }
      case 'footnote_reference': {
        const label = (token.meta as { label: string }).label;
        children.push({ type: 'footnoteReference', identifier: normalizeIdentifier(label), label });
        break;
      }
      default:
        throw new Error(`markdown: no mdast for inline token ${token.type}`);
    }
  }
  return root;
}
