// markdown-it's rules are public modules (its package exports `./*`); @types/markdown-it leaves them out.
declare module 'markdown-it/lib/rules_block/table.mjs' {
  import type { StateBlock } from 'markdown-it';

  export default function table(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean;
}

declare module 'markdown-it/lib/rules_block/list.mjs' {
  import type { StateBlock } from 'markdown-it';

  export default function list(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean;
}
