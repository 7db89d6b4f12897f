import type { List, Table } from 'mdast';
import type { Incident } from '../../model/incident.generated.js';
import { plainText } from '../markdown.js';
import type { RawSection } from './structure.js';
import type { ExtractContext } from './context.js';
import { sectionParts } from './sections.js';

type ActionItem = Incident['actionItems'][number];

const DONE = /^(?:done|closed|complete[d]?|fixed|resolved|yes|y|✅|✔️?|☑️?|\[x\]|finished|merged|shipped)$/i;
const OPEN = /^(?:open|todo|to do|to-do|pending|in progress|wip|not started|planned|no|n|❌|\[ \]|ongoing|blocked)$/i;

/** Action items from bullets, task lists (`- [ ]` open, `- [x]` done) and tables with Owner/Status columns. */
export function extractActionItems(sections: readonly RawSection[], ctx: ExtractContext): ActionItem[] {
  const items: ActionItem[] = [];
  for (const section of sections) {
    for (const node of sectionParts(section, ctx).flatMap((part) => part.nodes)) {
      if (node.type === 'list') items.push(...fromList(node));
      else if (node.type === 'table') items.push(...fromTable(node));
    }
  }
  return items;
}

function fromList(list: List): ActionItem[] {
  return list.children.flatMap((item) => {
    const head = item.children.find((n) => n.type === 'paragraph') ?? item.children[0];
    const text = head ? plainText(head) : '';
    if (!text) return [];
    const action: ActionItem = { text: withoutOwner(text) || text };
    const owner = ownerIn(text);
    if (owner) action.owner = owner;
    if (item.checked === true) action.status = 'done';
    else if (item.checked === false) action.status = 'open';
    return [action];
  });
}

function fromTable(table: Table): ActionItem[] {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const names = header.children.map((cell) => plainText(cell).toLowerCase());
  const find = (re: RegExp) => names.findIndex((n) => re.test(n));
  const owner = find(/owner|assignee|who|responsible|team/);
  const status = find(/status|state|done|progress/);
  let text = find(/action|item|task|description|what|title|summary|remediation/);
  if (text < 0) text = names.findIndex((_, i) => i !== owner && i !== status);
  return rows.flatMap((row) => {
    const cell = (i: number) => (i >= 0 && row.children[i] ? plainText(row.children[i]!) : '');
    const value = cell(text);
    if (!value) return [];
    const action: ActionItem = { text: value };
    if (cell(owner)) action.owner = cell(owner);
    const state = normalizeStatus(cell(status));
    if (state) action.status = state;
    return [action];
  });
}

function normalizeStatus(text: string): ActionItem['status'] | undefined {
  const t = text.trim();
  if (DONE.test(t)) return 'done';
  if (OPEN.test(t)) return 'open';
  return undefined;
}

const OWNER = /\s*[([]?\b(?:owner|assignee|assigned to|responsible)\s*[:=-]\s*([^,;)\]]+?)\s*[)\]]?\s*$/i;

function ownerIn(text: string): string | undefined {
  return OWNER.exec(text)?.[1]?.trim() || /(?:^|\s)@([\w-]+)\s*$/.exec(text)?.[1];
}

function withoutOwner(text: string): string {
  return text.replace(OWNER, '').replace(/\s+@[\w-]+\s*$/, '').replace(/[\s,;–—-]+$/, '').trim();
}

