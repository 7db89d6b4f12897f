import { createHash } from 'node:crypto';
import type { Status } from '../../model/incident.generated.js';
import type { Config } from '../../config/config.js';
import { OTHER_TRIGGER } from '../../config/defaults.js';
import { escapeRegExp } from '../text.js';

/**
 * A phrase as whole words, any case, with the usual English endings on its last word, so "upgrade"
 * also finds "upgrading" and "deploy" finds "deployed" (but "commit" does not find "committee").
 */
const wordRe = (phrase: string) => {
  const words = escapeRegExp(phrase).replace(/\s+/g, '\\s+');
  const stem = /e$/.test(words) ? `${words.slice(0, -1)}(?:e|es|ed|ing)` : `${words}(?:s|es|ed|ing|ment|ments)?`;
  return new RegExp(`(?<![\\w])${stem}(?![\\w])`, 'i');
};

/** Maps a written status onto the normalized set; null when no phrase matches. */
export function normalizeStatus(text: string, config: Config): Status | null {
  const known = ['draft', 'investigating', 'mitigated', 'resolved', 'closed'];
  if (known.includes(text.trim().toLowerCase())) return text.trim().toLowerCase() as Status;
  return config.statuses.find(([phrase]) => wordRe(phrase).test(text))?.[1] ?? null;
}

/** Puts a trigger into the first category whose keywords it mentions. */
export function triggerCategory(text: string | null, config: Config): string {
  if (!text || !text.trim()) return 'unknown';
  return config.triggers.find(([, keywords]) => keywords.some((k) => wordRe(k).test(text)))?.[0] ?? OTHER_TRIGGER;
}

/** Splits "Preston, Raul", "Preston and Nishant" or "A; B & C" into names. */
export function splitNames(text: string): string[] {
  return text
    .split(/\s*(?:,|;|&|\band\b|\n)\s*/i)
    .map((name) => name.replace(/^[-*+]\s+/, '').replace(/[*_`]/g, '').trim())
    .filter((name) => name.length > 0);
}

/**
 * A URL-safe, stable slug: accents folded, everything else but a–z and 0–9 turned into dashes.
 * A title with no Latin letters at all (say, only Japanese or emoji) gets a short hash of itself, so
 * its address never changes between builds.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || `incident-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

export function networkName(text: string, config: Config): string {
  const trimmed = text.trim();
  const key = trimmed.toLowerCase();
  return Object.hasOwn(config.networks.aliases, key) ? config.networks.aliases[key]! : trimmed;
}

/** URLs in a references field: markdown links and bare URLs, in order, without duplicates. */
export function urlsIn(text: string): string[] {
  const urls = [...text.matchAll(/https?:\/\/[^\s<>)\]"']+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
  return [...new Set(urls)];
}

/** The closest of `candidates` to `word` when it is a plausible typo of it (for "did you mean"). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
