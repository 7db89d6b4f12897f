import { describe, expect, it } from 'vitest';
import { relatedIncidents } from '../../src/stages/related.js';
import { canonical } from '../helpers/incidents.js';

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
const all = [cert, cert2, genesis, unrelated, alsoUnknown];

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
