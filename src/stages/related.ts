import type { Incident } from '../model/incident.generated.js';
import type { Listed } from '../model/site.js';
import { compareIncidents } from './indexes.js';
import { htmlText } from './render/text.js';

export interface Related {
  incident: Listed;
  score: number;
  /** Why, in words: "same trigger category", "tags: tls", "similar text". */
  reasons: string[];
}

/** Each incident's related incidents, by id. */
export type RelatedLists = ReadonlyMap<string, readonly Related[]>;

/** Catch-all values say nothing about likeness: two "unknown" triggers are not a shared cause. */
export const UNINFORMATIVE = new Set(['unknown', 'other', 'unspecified']);
export const WEIGHTS = { trigger: 2, network: 1, tag: 1.5, text: 10 };
/** Below this cosine, texts share only incidental words. */
export const SIMILAR_TEXT = 0.1;
export const MIN_SCORE = 1;

export const STOPWORDS = new Set(
  `the and for that this with was were are has have had not but from they their them then than there
  which when what who will would could should can into out our ours its also been being all any some
  more most very just only such each other about after before over under again further once here
  while because until both few own same too does did doing him his her she you your yours one two
  get got see seen like now new use used using able way may might must need needs`.split(/\s+/),
);

type TermCounts = ReadonlyArray<readonly [term: string, count: number]>;

/**
 * An incident's terms and how often each occurs, as "term count term count…": worked out where the
 * incident is parsed (see Brief), and as compact as text can be, since the site holds one per incident.
 */
export function termsOf(incident: Incident): string {
  const s = incident.sections;
  // Code blocks are logs and config: long, noisy and shared by unrelated incidents of one system.
  const html = [s.summary, s.impact, s.rootCause, s.trigger, s.resolution].map((x) => x?.html.replace(/<pre[\s\S]*?<\/pre>/g, ' ') ?? '');
  const text = [incident.title, incident.trigger.text ?? '', ...html.map(htmlText)].join(' ').toLowerCase();
  const counts = new Map<string, number>();
  for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length < 3 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    const term = word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return [...counts].map(([term, count]) => `${term} ${count}`).join(' ');
}

function termCounts(incident: Listed): TermCounts {
  const parts = incident.brief.terms.split(' ');
  const counts: Array<[string, number]> = [];
  for (let i = 0; i + 1 < parts.length; i += 2) counts.push([parts[i]!, Number(parts[i + 1])]);
  return counts;
}

/** Terms kept per incident: its most distinctive ones carry nearly all of its similarity. */
export const TERMS_PER_INCIDENT = 40;
/** Below this many incidents every term takes part in similarity, however common. */
export const COMMON_TERM_FLOOR = 30;

type Posting = [doc: number, weight: number];

/**
 * TF-IDF vectors over each incident's most distinctive terms, unit length so a dot product is the
 * cosine similarity, kept as an inverted index: each incident's terms with their weight and their
 * posting list, so the cosine of i and j is the sum over the terms they share, found at a cost that
 * grows with the terms they share. Yields after each incident, so the work can be spread out.
 */
function* similarityIndex(incidents: readonly Listed[]): Generator<void, Array<Array<[Posting[], number]>>> {
  const docs: TermCounts[] = [];
  const df = new Map<string, number>();
  for (const incident of incidents) {
    const counts = termCounts(incident);
    docs.push(counts);
    for (const [term] of counts) df.set(term, (df.get(term) ?? 0) + 1);
    yield;
  }
  // A term shared by a large part of the corpus says little about likeness but costs the square of
  // its spread; leaving it out can only lower a similarity, never invent one.
  const maxSpread = Math.max(COMMON_TERM_FLOOR, incidents.length / 20);
  const postings = new Map<string, Posting[]>();
  const vectors: Array<Array<[Posting[], number]>> = [];
  for (const [d, counts] of docs.entries()) {
    const weights = counts
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
    vectors.push(vector);
    yield;
  }
  return vectors;
}

/**
 * For each incident, the others most like it: a shared trigger category, network or tags, and text
 * similarity (TF-IDF cosine over title, trigger and the main narrative sections). Informative values
 * only; ties go to the newer incident so the result never depends on input order.
 */
export function relatedIncidents(incidents: readonly Listed[], limit = 4): Map<string, Related[]> {
  const steps = relatedSteps(incidents, limit);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Longest stretch `relatedIncidentsInTurns` keeps the event loop busy. */
const TURN_MS = 8;

/**
 * `relatedIncidents`, computed in turns of a few milliseconds so the event loop stays responsive
 * (a dev server keeps serving and watching). Null when `cancelled()` said so between turns.
 */
export async function relatedIncidentsInTurns(incidents: readonly Listed[], cancelled: () => boolean, limit = 4): Promise<Map<string, Related[]> | null> {
  const steps = relatedSteps(incidents, limit);
  let until = performance.now() + TURN_MS;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() < until) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (cancelled()) return null;
    until = performance.now() + TURN_MS;
  }
}

/**
 * The work of `relatedIncidents`, yielding after each step.
 *
 * Only incidents sharing a tag or a term with i can score above what a shared trigger category and
 * network give; they are found through inverted indexes and scored exactly. Every other incident
 * scores one of three values (trigger and network, trigger, network), so per value only the first
 * `limit` of them in rank order can make the list: they come from lists kept in rank order.
 */
function* relatedSteps(incidents: readonly Listed[], limit: number): Generator<void, Map<string, Related[]>> {
  const vectors = yield* similarityIndex(incidents);
  // Small integers instead of strings: each list compares thousands of incidents.
  const ids = new Map<string, number>();
  const id = (value: string | null) => (value === null || UNINFORMATIVE.has(value) ? -1 : (ids.get(value) ?? ids.set(value, ids.size).get(value)!));
  const keys = incidents.map((i) => ({ trigger: id(i.trigger.category), network: id(i.network), tags: [...new Set(i.tags)].map((t) => id(`tag:${t}`)) }));

  // Ties go to the incident listed first (newest); ranks are computed once, comparing titles is slow.
  const order = [...incidents.keys()].sort((x, y) => compareIncidents(incidents[x]!, incidents[y]!));
  const rank = new Int32Array(incidents.length);
  order.forEach((index, position) => (rank[index] = position));
  const ahead = (score: number, j: number, r: { score: number; j: number }) => score > r.score || (score === r.score && rank[j]! < rank[r.j]!);
  const listOf = <K>(lists: Map<K, number[]>, key: K) => lists.get(key) ?? lists.set(key, []).get(key)!;
  const byTag = new Map<number, number[]>();
  const byTrigger = new Map<number, number[]>();
  const byNetwork = new Map<number, number[]>();
  const byBoth = new Map<string, number[]>();
  for (const j of order) {
    const { trigger, network, tags } = keys[j]!;
    for (const tag of tags) listOf(byTag, tag).push(j);
    if (trigger >= 0) listOf(byTrigger, trigger).push(j);
    if (network >= 0) listOf(byNetwork, network).push(j);
    if (trigger >= 0 && network >= 0) listOf(byBoth, `${trigger} ${network}`).push(j);
  }

  /** The score of j for i given the tags they share and their cosine, and, when asked, why in words. */
  const judge = (i: number, j: number, shared: number, cosine: number, reasons?: string[]): number => {
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
    if (shared) {
      score += WEIGHTS.tag * shared;
      if (reasons) {
        const tags = [...new Set(incidents[i]!.tags)].filter((t) => incidents[j]!.tags.includes(t));
        reasons.push(`tag${shared === 1 ? '' : 's'}: ${tags.join(', ')}`);
      }
    }
    if (cosine >= SIMILAR_TEXT) {
      score += WEIGHTS.text * cosine;
      reasons?.push('similar text');
    }
    return Math.round(score * 1000) / 1000;
  };

  // Per incident j sharing something with the current i: a stamp saying so, shared tags, cosine.
  const seen = new Int32Array(incidents.length).fill(-1);
  const shared = new Int32Array(incidents.length);
  const cosine = new Float64Array(incidents.length);
  const result = new Map<string, Related[]>();
  for (let i = 0; i < incidents.length; i++) {
    const near: number[] = [];
    const touch = (j: number) => {
      if (seen[j] === i) return;
      seen[j] = i;
      shared[j] = 0;
      cosine[j] = 0;
      near.push(j);
    };
    for (const tag of keys[i]!.tags) {
      for (const j of byTag.get(tag)!) {
        touch(j);
        shared[j]!++;
      }
    }
    // Summed in the order of i's terms, as a dense row would be: the same floating-point result.
    for (const [list, wi] of vectors[i]!) {
      for (const [j, wj] of list) {
        touch(j);
        cosine[j]! += wi * wj;
      }
    }

    const best: Array<{ j: number; score: number }> = [];
    const offer = (j: number, score: number) => {
      if (score < MIN_SCORE || (best.length === limit && !ahead(score, j, best[limit - 1]!))) return;
      let at = best.length;
      while (at > 0 && ahead(score, j, best[at - 1]!)) at--;
      best.splice(at, 0, { j, score });
      if (best.length > limit) best.pop();
    };
    for (const j of near) if (j !== i) offer(j, judge(i, j, shared[j]!, cosine[j]!));
    // The rest share no tag and no term with i, so within each list they all score the same.
    const { trigger, network } = keys[i]!;
    const fill = (list: number[] | undefined, skip: (j: number) => boolean) => {
      let taken = 0;
      for (let n = 0; list && n < list.length && taken < limit; n++) {
        const j = list[n]!;
        if (j === i || seen[j] === i || skip(j)) continue;
        offer(j, judge(i, j, 0, 0));
        taken++;
      }
    };
    // Each incident in exactly one list: trigger and network, trigger only, network only.
    if (trigger >= 0 && network >= 0) fill(byBoth.get(`${trigger} ${network}`), () => false);
    if (trigger >= 0) fill(byTrigger.get(trigger), (j) => network >= 0 && keys[j]!.network === network);
    if (network >= 0) fill(byNetwork.get(network), (j) => trigger >= 0 && keys[j]!.trigger === trigger);

    result.set(
      incidents[i]!.id,
      best.map(({ j, score }) => {
        const reasons: string[] = [];
        const near = seen[j] === i;
        judge(i, j, near ? shared[j]! : 0, near ? cosine[j]! : 0, reasons);
        return { incident: incidents[j]!, score, reasons };
      }),
    );
    yield;
  }
  return result;
}
