import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Synthetic postmortems in the shapes pmkb meets in real repositories: canonical YAML front matter,
 * TOML front matter (Zola/Hugo blogs) and `**Field:** value` lines (Docusaurus pages), each with a
 * day-headed timeline, a table, a code block and a log excerpt. Deterministic for a given seed, so
 * every tool in a run, and every run, reads the same bytes.
 */

const NETWORKS = ['Mainnet', 'Testnet', 'Devnet', 'Staging', 'Topaz', 'Sapphire'];
const STATUSES = ['resolved', 'closed', 'mitigated', 'investigating', 'Root cause identified, resolved', 'Action items in progress', 'draft'];
const TRIGGERS = [
  'A canary rollout of release {n} reached every region.',
  'A routine restart of the {svc} pods during maintenance.',
  'The upstream provider changed its API without notice.',
  'The TLS certificate reached its expiry date.',
  'Traffic grew to {n}x the usual peak after a launch.',
  'A credential leaked in a public repository was used.',
  'TBD',
];
const SERVICES = ['gateway', 'beacon-node', 'indexer', 'scheduler', 'ledger', 'auth', 'billing', 'search', 'p2p', 'validator'];
const AUTHORS = ['Dana Kim', 'Luis Ortega', 'Preston', 'Raul Jordan', 'Nishant', 'Terence', 'Mia Chen', 'Olu Ade', 'Sam Roy', 'Ines Pardo'];
const TAGS = ['tls', 'gateway', 'dns', 'kubernetes', 'database', 'p2p', 'sync', 'deploy', 'storage', 'latency', 'auth', 'cost'];
const WORDS = (
  'the node service request queue replica leader election timeout retry backoff shard cluster region ' +
  'operator alert dashboard metric latency throughput rollback config flag release canary pod memory disk ' +
  'network peer gossip block height finality validator cache index migration schema lock mutex deadlock'
).split(' ');

export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number) => String(n).padStart(2, '0');

function sentence(r: Rng): string {
  const words = Array.from({ length: int(r, 8, 22) }, () => pick(r, WORDS));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(r: Rng, sentences = int(r, 2, 5)): string {
  return Array.from({ length: sentences }, () => sentence(r)).join(' ');
}

interface Meta {
  id: string;
  title: string;
  date: string;
  status: string;
  network: string;
  authors: string[];
  tags: string[];
  trigger: string;
}

function meta(r: Rng, n: number): Meta {
  const svc = pick(r, SERVICES);
  const year = int(r, 2018, 2025);
  const date = `${year}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}`;
  const title = `${svc.charAt(0).toUpperCase()}${svc.slice(1)} ${pick(r, ['outage', 'degradation', 'stall', 'data loss', 'latency spike', 'split brain'])} ${n}`;
  return {
    id: `${date}-${svc}-${n}`,
    title,
    date,
    status: pick(r, STATUSES),
    network: pick(r, NETWORKS),
    authors: Array.from(new Set([pick(r, AUTHORS), pick(r, AUTHORS)])),
    tags: Array.from(new Set([pick(r, TAGS), pick(r, TAGS), pick(r, TAGS)])),
    trigger: pick(r, TRIGGERS).replace('{n}', String(int(r, 2, 40))).replace('{svc}', svc),
  };
}

function timeline(r: Rng, date: string, heading: string): string {
  const entries = int(r, 5, 40);
  const days = Math.min(3, 1 + Math.floor(entries / 15));
  const zone = pick(r, ['(all times UTC)', '(all times Central Standard Time)', '(all times CET)', '']);
  const out = [heading, ''];
  let left = entries;
  const start = new Date(`${date}T00:00:00Z`);
  for (let d = 0; d < days; d++) {
    const day = new Date(start.getTime() + d * 86_400_000).toISOString().slice(0, 10);
    out.push(`${day} ${zone}`.trim());
    const count = d === days - 1 ? left : Math.ceil(entries / days);
    left -= count;
    let minutes = int(r, 0, 300);
    for (let i = 0; i < count; i++) {
      minutes = Math.min(minutes + int(r, 1, 40), 23 * 60 + 59);
      const time = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
      out.push(`- ${r() < 0.1 ? '~' : ''}${time} ${sentence(r)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function supporting(r: Rng): string {
  const rows = Array.from({ length: int(r, 3, 8) }, () => `| ${pick(r, SERVICES)} | ${int(r, 1, 99)}% | ${int(r, 10, 900)} ms | ${pick(r, ['ok', 'degraded', 'down'])} |`);
  const logs = Array.from({ length: int(r, 4, 15) }, (_, i) => `2024-01-01T10:${pad(i)}:00Z level=${pick(r, ['warn', 'error', 'info'])} msg="${sentence(r)}"`);
  return [
    '| Service | Error rate | p99 | State |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '```yaml',
    `replicas: ${int(r, 1, 12)}`,
    `timeout: ${int(r, 1, 60)}s`,
    `image: registry.example.com/${pick(r, SERVICES)}:v${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 9)}`,
    '```',
    '',
    '```',
    ...logs,
    '```',
  ].join('\n');
}

/** Narrative filler until the document reaches its target size. */
function prose(r: Rng, target: number, used: number): string {
  const parts: string[] = [];
  let size = used;
  while (size < target) {
    const p = paragraph(r);
    parts.push(p);
    size += p.length + 2;
  }
  return parts.join('\n\n');
}

function canonical(r: Rng, m: Meta, target: number, toml: boolean): string {
  const fm = toml
    ? ['+++', `title = "${m.title}"`, `date = ${m.date}`, `status = "${m.status}"`, `network = "${m.network}"`, `authors = [${m.authors.map((a) => `"${a}"`).join(', ')}]`, `tags = [${m.tags.map((t) => `"${t}"`).join(', ')}]`, '+++']
    : ['---', `id: ${m.id}`, `title: ${m.title}`, `date: ${m.date}`, `status: ${m.status}`, `network: ${m.network}`, `authors: [${m.authors.join(', ')}]`, `severity: SEV-${int(r, 1, 4)}`, `tags: [${m.tags.join(', ')}]`, 'trigger:', `  text: ${m.trigger}`, '---'];
  const head = [
    ...fm,
    '',
    '## Summary',
    paragraph(r),
    '',
    '## Impact',
    paragraph(r),
    '',
    '## Trigger',
    m.trigger,
    '',
    '## Action Items',
    ...Array.from({ length: int(r, 1, 5) }, () => `- [${r() < 0.5 ? 'x' : ' '}] ${sentence(r)} (owner: ${pick(r, AUTHORS)})`),
    '',
    timeline(r, m.date, '## Timeline'),
    '## Supporting information',
    supporting(r),
    '',
    '## Root Causes',
    '',
  ].join('\n');
  return `${head}${prose(r, target, head.length)}\n`;
}

function fieldLines(r: Rng, m: Meta, target: number): string {
  const head = [
    `# ${m.title}`,
    '',
    `**Date:** ${m.date.replace(/-/g, '/')}`,
    '',
    `**Authors:** ${m.authors.join(', ')}`,
    '',
    `**Status:** ${m.status}`,
    '',
    `**Network:** ${m.network}`,
    '',
    `**Summary:** ${paragraph(r)}`,
    '',
    `**Impact:** ${paragraph(r, 1)}`,
    '',
    `**Trigger:** ${m.trigger}`,
    '',
    `**Resolution:** ${paragraph(r, 2)}`,
    '',
    timeline(r, m.date, '## Timeline'),
    '## Supporting information',
    supporting(r),
    '',
    '## Lessons Learned',
    '### What went well',
    `- ${sentence(r)}`,
    '### What went wrong',
    `- ${sentence(r)}`,
    '',
    '## Root Causes',
    '',
  ].join('\n');
  return `${head}${prose(r, target, head.length)}\n`;
}

/** Sizes between 2 and 20 KB, most of them small, as in real collections. */
function targetSize(r: Rng): number {
  return Math.round(2048 * Math.pow(10, r()));
}

export function postmortem(seed: number): { name: string; text: string } {
  const r = rng(seed);
  const m = meta(r, seed);
  const target = targetSize(r);
  const style = r();
  if (style < 0.6) return { name: `${m.id}.md`, text: canonical(r, m, target, false) };
  if (style < 0.7) return { name: `${m.id}.md`, text: canonical(r, m, target, true) };
  return { name: `${m.id}.md`, text: fieldLines(r, m, target) };
}

/** Writes `count` postmortems into `dir`, spread over a few sub-folders as teams keep them. */
export function generateCorpus(dir: string, count: number): string[] {
  const files: string[] = [];
  for (let n = 1; n <= count; n++) {
    const { name, text } = postmortem(n);
    const file = path.join(dir, `team-${n % 8}`, name);
    if (n <= 8) mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files.push(file);
  }
  return files;
}

/** A body edit: the incident's text changes, nothing any list shows. */
export function bodyEdit(text: string, n: number): string {
  return text.replace('## Root Causes\n', `## Root Causes\n\nEdit ${n}: ${'a retry storm followed the restart. '.repeat(2)}\n`);
}

/** A metadata edit: date and status change, so the incident moves in the index and between facet pages. */
export function metadataEdit(text: string, n: number): string {
  const year = 2018 + (n % 8);
  const statuses = ['resolved', 'mitigated', 'investigating', 'closed'];
  return text
    .replace(/^date: .*$/m, `date: ${year}-0${1 + (n % 9)}-1${n % 10}`)
    .replace(/^status: .*$/m, `status: ${statuses[n % statuses.length]}`);
}
