export { formatGithub } from './github.js';
export { formatJson } from './json.js';
export { formatPretty, type PrettyOptions } from './pretty.js';

export const FORMATS = ['pretty', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];
