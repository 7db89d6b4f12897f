import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/model/incident.generated.js';
import type { Listed } from '../../src/model/site.js';
import { relatedIncidents, termsOf, type Related } from '../../src/stages/related.js';
import { canonical, listedOf } from '../helpers/incidents.js';
import { referenceRelated } from '../helpers/related-reference.js';

const cert = canonical(
  { title: 'Gateway certificate expired', date: '2024-03-12', network: 'Mainnet', tags: ['tls'], trigger: { category: 'scheduled-event' } },
  { Summary: 'The gateway TLS certificate expired and clients could not connect.' },
);
const cert2 = canonical(
  { title: 'Internal CA certificate expired', date: '2023-05-01', network: 'Testnet', tags: ['tls', 'pki'], trigger: { category: 'other' } },
  { Summary: 'An internal certificate expired; services could not connect to each other over TLS.' },
);
const genesis = canonical(
  { title: 'Chain stuck at genesis', date: '2019-01-09', network: 'Mainnet', trigger: { category: 'scheduled-event' } },
  { Summary: 'No block was produced after genesis time because the nodes disagreed on the genesis state.' },
);
const unrelated = canonical(
  { title: 'Disk filled on the archive node', date: '2022-02-02', trigger: { category: 'unknown' } },
  { Summary: 'Log rotation was disabled and the archive volume ran out of space.' },
);
const alsoUnknown = canonical({ title: 'Mystery latency', date: '2022-03-03', trigger: { category: 'unknown' } }, { Summary: 'Latency rose for an hour.' });
const all = [cert, cert2, genesis, unrelated, alsoUnknown].map(listedOf);

describe('related incidents', () => {
  it('ranks by shared tags, trigger category, network and similar text, and says why', () => {
    const related = relatedIncidents(all).get(cert.id)!;
    expect(related.map((r) => r.incident.id)).toEqual([cert2.id, genesis.id]);
    expect(related[0]!.reasons).toEqual(['tag: tls', 'similar text']);
    expect(related[1]!.reasons).toEqual(['same trigger category', 'same network']);
  });

  it('does not relate incidents by catch-all values such as an unknown trigger or no network', () => {
    expect(relatedIncidents(all).get(unrelated.id)).toEqual([]);
  });

  it('gives the same answer whatever the input order', () => {
    const ids = (m: ReturnType<typeof relatedIncidents>) => [...m].map(([id, r]) => [id, r.map((x) => x.incident.id)]).sort();
    expect(ids(relatedIncidents([...all].reverse()))).toEqual(ids(relatedIncidents(all)));
  });
});

/** Just what related incidents read, with values drawn from small sets so ties and shared terms are common. */
const WORDS = 'gateway certificate expired disk full latency retry storm leader election replica lag deploy rollback dns cache'.split(' ');
const sketch = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  date: fc.option(fc.constantFrom('2024-01-01', '2024-01-02', '2023-06-30'), { nil: null }),
  network: fc.option(fc.constantFrom('Mainnet', 'Testnet', 'unspecified'), { nil: null }),
  category: fc.constantFrom('deployment', 'load', 'unknown', 'other'),
  tags: fc.array(fc.constantFrom('tls', 'dns', 'db', 'k8s'), { maxLength: 3 }),
  summary: fc.array(fc.constantFrom(...WORDS, 'the', 'and', '2024', 'services'), { maxLength: 30 }).map((w) => w.join(' ')),
});
type Sketch = typeof sketch extends fc.Arbitrary<infer T> ? T : never;

/** Both: the reference reads the sections, relatedIncidents the brief's terms. */
function incidentOfSketch(s: Sketch, n: number): Incident & Listed {
  const incident = {
    id: `i-${n}`,
    title: s.title,
    date: s.date,
    network: s.network,
    tags: s.tags,
    trigger: { category: s.category, text: null },
    sections: { summary: { title: 'Summary', markdown: s.summary, html: `<p>${s.summary}</p>` } },
  } as unknown as Incident;
  return { ...incident, brief: { terms: termsOf(incident) } } as Incident & Listed;
}

/** Lists as the page shows them, plus the score: ids rather than objects so failures read well. */
const shown = (lists: Map<string, Related[]>) => [...lists].map(([id, list]) => [id, list.map((r) => [r.incident.id, r.score, r.reasons.join(' · ')])]);

describe('related incidents through inverted indexes', () => {
  it('equal the scan of every pair on random incidents', () => {
    fc.assert(
      fc.property(fc.array(sketch, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (sketches, limit) => {
        const incidents = sketches.map(incidentOfSketch);
        expect(shown(relatedIncidents(incidents, limit))).toEqual(shown(referenceRelated(incidents, limit)));
      }),
      { numRuns: 300 },
    );
  });

  it('equal the scan of every pair on a corpus large enough to leave common terms out', () => {
    const incidents = fc.sample(sketch, { numRuns: 900, seed: 7 }).map(incidentOfSketch);
    expect(shown(relatedIncidents(incidents))).toEqual(shown(referenceRelated(incidents)));
  });
});
