import { describe, expect, it } from 'vitest';
import { bodyEdit, metadataEdit, postmortem } from '../../bench/corpus.js';
import { analyzeFile } from '../../src/core/analyze.js';
import { buildModel } from '../../src/core/model.js';
import { analysisText } from '../../src/core/analysis-text.js';
import { analysisFromText, type Analysis } from '../../src/core/sources.js';
import { resolveConfig } from '../../src/config/config.js';
import { applyNarrativeEdits, editedDiagnostics, incidentEdits, reachedPlans, servedSite } from '../../src/dev/edits.js';
import { buildSite } from '../../src/stages/indexes.js';
import { planSite, type PagePlan } from '../../src/stages/render.js';

const config = resolveConfig();
const analysis = (name: string, text: string): Analysis =>
  analysisFromText({ path: name, absolute: `/nowhere/${name}` }, `key of ${text.length} ${text.slice(-40)}`, analysisText(analyzeFile(name, text, config)));

describe('edits of incidents in dev mode', () => {
  const docs = [1, 2, 3].map((n) => postmortem(n));
  const analyses = docs.map((d) => analysis(d.name, d.text));
  const previous = new Map(analyses.map((a) => [a.source.path, a]));
  const serve = () => {
    const model = buildModel(analyses);
    const site = buildSite(model.incidents, model.narratives);
    return { served: servedSite({ site, fingerprints: model.fingerprints, narratives: model.narratives }, planSite(site, config)), diagnostics: model.diagnostics };
  };

  it('are recognised when only what the incident page shows changed, and update the served incident in place', () => {
    const { served, diagnostics } = serve();
    const doc = docs.find((d) => d.text.startsWith('---\nid:'))!;
    const edited = analysis(doc.name, bodyEdit(doc.text, 1));
    const edits = incidentEdits(served, [edited], previous, diagnostics);
    expect(edits).toHaveLength(1);
    const target = edits![0]!.served;
    const plans = applyNarrativeEdits(served, edits!);
    expect(served.site.incidents).toContain(target);
    expect(JSON.stringify(served.narratives.get(target).sections)).toContain('Edit 1');
    expect(plans.map((p) => p.path).sort()).toEqual([`incidents/${target.id}.json`, `incidents/${target.id}/index.html`]);
  });

  it('say when a listed field changed too, and are not recognised when the file has errors', () => {
    const { served, diagnostics } = serve();
    const doc = docs.find((d) => d.text.startsWith('---\nid:'))!;
    expect(incidentEdits(served, [analysis(doc.name, bodyEdit(doc.text, 2))], previous, diagnostics)?.map((e) => e.listed), 'body').toEqual([false]);
    expect(incidentEdits(served, [analysis(doc.name, metadataEdit(doc.text, 2))], previous, diagnostics)?.map((e) => e.listed), 'metadata').toEqual([true]);
    expect(incidentEdits(served, [analysis(doc.name, doc.text.replace(/^title: .*$/m, 'title: [unclosed'))], previous, diagnostics), 'broken YAML').toBeNull();
  });

  it('replace the edited file\'s problems with its new ones, and keep every other file\'s', () => {
    const { served, diagnostics } = serve();
    const doc = docs.find((d) => d.text.startsWith('---\nid:'))!;
    // The date falls back to the file's own (its name), with a warning: nothing listed changes.
    const edited = analysis(doc.name, doc.text.replace(/^date: .*$/m, 'date: 2024-13-45'));
    const edits = incidentEdits(served, [edited], previous, diagnostics);
    expect(edits).toHaveLength(1);
    const after = editedDiagnostics([edited], diagnostics);
    expect(after.filter((d) => d.file === doc.name)).toEqual(edited.file.diagnostics.concat(edited.file.checks.flatMap((c) => c.warnings)));
    expect(after.filter((d) => d.file !== doc.name)).toEqual(diagnostics.filter((d) => d.file !== doc.name));
  });

  it('are not recognised when an id stops or starts being written, which can move a suffix to another incident', () => {
    const body = '\n## Summary\n\nText.\n';
    const derived = analysis('a.md', `---\ntitle: Outage\ndate: 2024-01-02\nstatus: resolved\n---\n${body}`);
    const written = analysis('b.md', `---\nid: outage\ntitle: Outage\ndate: 2024-01-03\nstatus: resolved\n---\n${body}`);
    const model = buildModel([derived, written]);
    // Written ids come first: b keeps `outage`, a becomes `outage-2`.
    expect(model.incidents.map((i) => `${i.source.path}=${i.id}`).sort()).toEqual(['a.md=outage-2', 'b.md=outage']);
    const site = buildSite(model.incidents, model.narratives);
    const served = servedSite({ site, fingerprints: model.fingerprints, narratives: model.narratives }, planSite(site, config));
    const previous = new Map([derived, written].map((a) => [a.source.path, a]));
    // The same id, derived from the same title now: a full build would give b `outage-2`.
    const unwritten = analysis('b.md', `---\ntitle: Outage\ndate: 2024-01-03\nstatus: closed\n---\n${body}`);
    expect(unwritten.file.checks[0]!.id).toBe('outage');
    expect(incidentEdits(served, [unwritten], previous, model.diagnostics)).toBeNull();
    expect(incidentEdits(served, [analysis('b.md', `---\nid: outage\ntitle: Outage\ndate: 2024-01-03\nstatus: closed\n---\n${body}`)], previous, model.diagnostics)).toHaveLength(1);
  });
});

describe('the plans an edit reaches', () => {
  const plan = (path: string, deps: string[]): PagePlan => ({ path, deps, render: () => path });
  const plans = [
    plan('index.html', ['incidents', 'corpus', 'facet:networks']),
    plan('incidents/a/index.html', ['incident:a', 'neighbours:a', 'related:a']),
    plan('incidents/a.json', ['incident:a']),
    plan('incidents/b/index.html', ['incident:b', 'neighbours:b', 'related:b']),
    plan('networks/index.html', ['facet:networks', 'facet:networks']),
    plan('networks/x/index.html', ['facet:networks/x']),
    plan('incidents/index.html', ['incidents']),
  ];
  const paths = (keys: string[]) => reachedPlans(plans, new Set(keys)).map((p) => p.path);

  it('are those with a key the edit changed, in plan order, each once, but never a page across every incident', () => {
    expect(paths(['incident:a'])).toEqual(['incidents/a/index.html', 'incidents/a.json']);
    expect(paths(['facet:networks/x', 'incidents', 'incident:b', 'facet:networks'])).toEqual([
      'incidents/b/index.html',
      'networks/index.html',
      'networks/x/index.html',
      'incidents/index.html',
    ]);
    expect(paths(['incident:c', 'pages:x'])).toEqual([]);
  });
});
