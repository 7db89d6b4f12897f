/**
 * The related-incidents algorithm as it was before the inverted-index version in src/stages/related.ts:
 * a scan of every pair of incidents, with the same tuning values. Kept only as the reference that
 * the fast version must equal.
 */
import type { Incident } from '../../src/model/incident.generated.js';
import type { Listed } from '../../src/model/site.js';
import { compareIncidents } from '../../src/stages/indexes.js';
import {
  COMMON_TERM_FLOOR,
  MIN_SCORE,
  SIMILAR_TEXT,
  STOPWORDS,
  TERMS_PER_INCIDENT,
  UNINFORMATIVE,
  WEIGHTS,
  type Related,
} from '../../src/stages/related.js';
import { htmlText } from '../../src/stages/render/text.js';

function tokens(incident: Incident): string[] {
  const s = incident.sections;
  // Code blocks are logs and config: long, noisy and shared by unrelated incidents of one system.
  const html = [s.summary, s.impact, s.rootCause, s.trigger, s.resolution].map((x) => x?.html.replace(/<pre[\s\S]*?<\/pre>/g, ' ') ?? '');
  const text = [incident.title, incident.trigger.text ?? '', ...html.map(htmlText)].join(' ').toLowerCase();
  return (text.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

type Posting = [doc: number, weight: number];

/**
 * TF-IDF vectors over each incident's most distinctive terms, unit length so a dot product is the
 * cosine similarity, kept as an inverted index: `similarityRow(i, row)` fills row[j] with the cosine
 * of i and j at a cost that grows with the terms they share, in memory that grows with the corpus.
 */
function similarityIndex(incidents: readonly Incident[]) {
  const docs = incidents.map(tokens);
  const df = new Map<string, number>();
  for (const doc of docs) for (const word of new Set(doc)) df.set(word, (df.get(word) ?? 0) + 1);
  // A term shared by a large part of the corpus says little about likeness but costs the square of
  // its spread; leaving it out can only lower a similarity, never invent one.
  const maxSpread = Math.max(COMMON_TERM_FLOOR, incidents.length / 20);
  const postings = new Map<string, Posting[]>();
  const vectors = docs.map((doc, d) => {
    const tf = new Map<string, number>();
    for (const word of doc) tf.set(word, (tf.get(word) ?? 0) + 1);
    const weights = [...tf]
      .map(([word, count]) => [word, count * Math.log(docs.length / df.get(word)!)] as [string, number])
      .filter(([, w]) => w > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, TERMS_PER_INCIDENT);
    const norm = Math.sqrt(weights.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
    const vector: Array<[Posting[], number]> = [];
    for (const [word, w] of weights) {
      if (df.get(word)! > maxSpread) continue;
      const list = postings.get(word) ?? [];
      list.push([d, w / norm]);
      postings.set(word, list);
      vector.push([list, w / norm]);
    }
    return vector;
  });
  return (i: number, row: Float64Array) => {
    row.fill(0);
    for (const [list, wi] of vectors[i]!) for (const [j, wj] of list) row[j]! += wi * wj;
  };
}

/**
 * For each incident, the others most like it: a shared trigger category, network or tags, and text
 * similarity (TF-IDF cosine over title, trigger and the main narrative sections). Informative values
 * only; ties go to the newer incident so the result never depends on input order.
 */
export function referenceRelated(incidents: ReadonlyArray<Incident & Listed>, limit = 4): Map<string, Related[]> {
  const similarityRow = similarityIndex(incidents);
  const row = new Float64Array(incidents.length);
  // Small integers instead of strings: the scan below compares every pair of incidents.
  const ids = new Map<string, number>();
  const id = (value: string | null) => (value === null || UNINFORMATIVE.has(value) ? -1 : (ids.get(value) ?? ids.set(value, ids.size).get(value)!));
  const keys = incidents.map((i) => ({ trigger: id(i.trigger.category), network: id(i.network), tags: [...new Set(i.tags)].map((t) => id(`tag:${t}`)) }));

  /** The score of j for i, and, when asked, why in words: worded only for the few that make the list. */
  const judge = (i: number, j: number, reasons?: string[]): number => {
    const a = keys[i]!;
    const b = keys[j]!;
    let score = 0;
    if (a.trigger >= 0 && a.trigger === b.trigger) {
      score += WEIGHTS.trigger;
      reasons?.push('same trigger category');
    }
    if (a.network >= 0 && a.network === b.network) {
      score += WEIGHTS.network;
      reasons?.push('same network');
    }
    let shared = 0;
    for (let t = 0; t < a.tags.length; t++) if (b.tags.includes(a.tags[t]!)) shared++;
    if (shared) {
      score += WEIGHTS.tag * shared;
      if (reasons) {
        const tags = [...new Set(incidents[i]!.tags)].filter((t) => incidents[j]!.tags.includes(t));
        reasons.push(`tag${shared === 1 ? '' : 's'}: ${tags.join(', ')}`);
      }
    }
    if (row[j]! >= SIMILAR_TEXT) {
      score += WEIGHTS.text * row[j]!;
      reasons?.push('similar text');
    }
    return Math.round(score * 1000) / 1000;
  };
  // Ties go to the incident listed first (newest); ranks are computed once, comparing titles is slow.
  const rank = new Int32Array(incidents.length);
  [...incidents.keys()].sort((x, y) => compareIncidents(incidents[x]!, incidents[y]!)).forEach((index, position) => (rank[index] = position));
  const ahead = (score: number, j: number, r: { score: number; j: number }) => score > r.score || (score === r.score && rank[j]! < rank[r.j]!);
  const result = new Map<string, Related[]>();
  for (let i = 0; i < incidents.length; i++) {
    similarityRow(i, row);
    // Only the best few are kept while scanning, so memory stays flat however large the corpus.
    const best: Array<Related & { j: number }> = [];
    for (let j = 0; j < incidents.length; j++) {
      if (i === j) continue;
      const score = judge(i, j);
      if (score < MIN_SCORE || (best.length === limit && !ahead(score, j, best[limit - 1]!))) continue;
      let at = best.length;
      while (at > 0 && ahead(score, j, best[at - 1]!)) at--;
      best.splice(at, 0, { incident: incidents[j]!, score, reasons: [], j });
      if (best.length > limit) best.pop();
    }
    result.set(
      incidents[i]!.id,
      best.map(({ incident, score, j }) => {
        const reasons: string[] = [];
        judge(i, j, reasons);
        return { incident, score, reasons };
      }),
    );
  }
  return result;
}
