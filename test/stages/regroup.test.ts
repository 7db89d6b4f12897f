import { describe, expect, it } from 'vitest';
import { dependencyHashes } from '../../src/core/deps.js';
import type { Listed, NarrativeReader, Site } from '../../src/model/site.js';
import { buildSite } from '../../src/stages/indexes.js';
import { regroupSite, type Replacement } from '../../src/stages/regroup.js';

/** A small seeded generator, so a failure names the round that found it and replays it. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.3);
  return { next, pick, some };
}

// Few values, with case variants that share a slug, and ties of date and title: what stresses the order.
const NETWORKS = ['Mainnet', 'mainnet', 'Testnet', 'devnet', undefined];
const TRIGGERS = ['deploy', 'config', 'capacity', 'dependency'];
const STATUSES = ['investigating', 'mitigated', 'resolved', 'closed', 'draft', 'unknown'];
const DATES = ['2024-01-02', '2024-01-02', '2023-06-30', '2022-12-01', '2021-03-04', null];
const TITLES = ['Outage', 'Outage', 'Stalled chain', 'Bad deploy', 'Élan'];
const PEOPLE = ['Ana', 'ana', 'Bo', 'Cy', 'Dee'];
// 'ab' and 'a\u00adb' (a soft hyphen) sort as equals but have pages of their own: their order is the order met.
const TAGS = ['db', 'DB', 'network', 'ab', 'a\u00adb', 'rpc'];

function incident(id: string, r: ReturnType<typeof random>): Listed {
  return {
    id,
    title: r.pick(TITLES),
    date: r.pick(DATES),
    status: r.pick(STATUSES),
    network: r.pick(NETWORKS),
    trigger: { category: r.pick(TRIGGERS) },
    authors: r.some(PEOPLE),
    tags: r.some(TAGS),
  } as unknown as Listed;
}

const reader: NarrativeReader = { get: () => ({ sections: {}, otherSections: [], timeline: [] }) as never };
const shape = (site: Site) => ({
  incidents: site.incidents.map((i) => i.id),
  facets: site.facets.map((f) => ({ path: f.path, values: f.values.map((v) => ({ slug: v.slug, label: v.label, incidents: v.incidents.map((i) => i.id) })) })),
});

/** Every dependency key a page of either site can have, but related lists (which regrouping leaves). */
function keysOf(...sites: Site[]): string[] {
  const keys = new Set(['incidents', 'corpus']);
  for (const site of sites) {
    for (const i of site.incidents) keys.add(`incident:${i.id}`).add(`neighbours:${i.id}`);
    for (const f of site.facets) for (const v of f.values) keys.add(`facet:${f.path}`).add(`facet:${f.path}/${v.slug}`);
  }
  return [...keys];
}

describe('regrouping a site after some incidents changed', () => {
  it('gives the site grouping every incident again gives, and names every dependency whose value changed', () => {
    for (let round = 0; round < 300; round++) {
      const r = random(round);
      const incidents = Array.from({ length: 5 + Math.floor(r.next() * 40) }, (_, n) => incident(`i${n}`, r));
      const site = buildSite(incidents, reader);
      const fingerprints = new Map(incidents.map((i) => [i.id, `${i.id} v1`]));
      const before = shape(site);
      const chosen = r.some(site.incidents).slice(0, 1 + Math.floor(r.next() * 3));
      if (chosen.length === 0) chosen.push(site.incidents[0]!);
      const replacements: Replacement[] = chosen.map((old) => ({ before: old, after: { ...incident(old.id, r), brief: { round } as never } }));
      const replaced = new Map(replacements.map((x) => [x.before, x.after]));
      const expected = buildSite(incidents.map((i) => replaced.get(i) ?? i), reader);

      const { site: regrouped, keys } = regroupSite(site, replacements);

      expect(shape(regrouped), `round ${round}`).toEqual(shape(expected));
      regrouped.incidents.forEach((incident, i) => expect(incident, `round ${round}: the same objects`).toBe(expected.incidents[i]));
      expect(shape(site), `round ${round}: the given site is left as it was`).toEqual(before);
      const after = new Map(fingerprints);
      for (const { after: changed } of replacements) after.set(changed.id, `${changed.id} v2`);
      const old = dependencyHashes(site, fingerprints, () => new Map());
      const now = dependencyHashes(regrouped, after, () => new Map());
      const missed = keysOf(site, regrouped).filter((key) => old(key) !== now(key) && !keys.has(key));
      expect(missed, `round ${round}`).toEqual([]);
    }
  });

  it('names only the pages an edit can reach, not every incident', () => {
    const r = random(7);
    const incidents = Array.from({ length: 200 }, (_, n) => incident(`i${n}`, r));
    const site = buildSite(incidents, reader);
    const moved = site.incidents[100]!;
    const { keys } = regroupSite(site, [{ before: moved, after: { ...moved, date: '1999-01-01' } }]);
    const neighbours = [...keys].filter((k) => k.startsWith('neighbours:'));
    // Itself, the two it left, and the one it now follows (it is last but for the undated).
    expect(neighbours.length).toBeLessThanOrEqual(6);
    expect(neighbours).toContain(`neighbours:${site.incidents[99]!.id}`);
    expect(neighbours).toContain(`neighbours:${site.incidents[101]!.id}`);
  });
});
