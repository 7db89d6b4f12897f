import type { Config } from '../config/config.js';
import { stage } from '../core/build.js';
import { dependencyHashes } from '../core/deps.js';
import { publish, publishedText, sortPlans, type PageManifest, type PublishResult } from '../core/pages.js';
import { TEMPLATES_DIR } from '../model/schemas.js';
import { relatedIncidents, relatedIncidentsInTurns, type RelatedLists } from '../stages/related.js';
import { pagesKey, planSite, type PublishedText, type RowCache } from '../stages/render.js';
import { applyNarrativeEdits, reachedPlans, regroupEdits, servedAfter, servedSite, type DevSite, type IncidentEdit, type ServedSite } from './edits.js';

type Timings = Record<string, number>;

/**
 * The folder a dev session serves and the site it was last published from. A whole site, or the
 * pages an edit reaches, are published at once; related lists (which compare every incident with
 * all the others) and the pages across every incident's content are left as they were, for
 * `followUp` to bring up to date once edits pause.
 */
export class Publisher {
  /** The site last published, which edits update. */
  served?: ServedSite;
  /** Each incident's related incidents as published; between an edit and its follow-up, some are stale. */
  private related?: RelatedLists;
  /** The site the related lists must be brought up to date with, until a follow-up does so. */
  private stale?: DevSite;
  /** Whether the folder holds every page as its record says, so an edit may publish only the pages it reaches. */
  patchable = true;
  private rows: RowCache = new WeakMap();
  private config!: Config;
  private environment = '';

  constructor(
    readonly outDir: string,
    readonly manifest: PageManifest,
  ) {}

  /** The config and page environment pages are rendered with from now on. */
  use(config: Config, environment: string): void {
    // Rows of incident tables depend on the templates and config, not only on their incidents.
    if (environment !== this.environment) this.rows = new WeakMap();
    this.config = config;
    this.environment = environment;
  }

  /** Whether a follow-up has something to do. */
  get pending(): boolean {
    return this.stale !== undefined;
  }

  /**
   * Publishes a whole site. The first one comes with its related lists; later ones keep the lists as
   * published and leave the pages across incidents as they are, for the follow-up.
   */
  async site(target: DevSite, verifyOutput: boolean, timings: Timings): Promise<PublishResult> {
    const first = !this.related;
    const published = this.related ?? (await stage('related', timings, () => relatedIncidents(target.site.incidents)));
    this.related = published;
    const kept = new Map(target.site.incidents.map((incident) => [incident.id, published.get(incident.id) ?? []]));
    const result = await this.publishSite(target, kept, verifyOutput, timings, { deferCorpus: !first });
    if (!first) this.stale = target;
    return result;
  }

  /** Publishes edits that changed only their incidents' own pages: those pages render, in place. */
  async narrative(edits: readonly IncidentEdit[], timings: Timings): Promise<PublishResult> {
    const served = this.served!;
    const related = this.related!;
    const { plans, sorted } = await stage('plan', timings, () => {
      const plans = applyNarrativeEdits(served, edits);
      return { plans, sorted: sortPlans(plans, this.environment, dependencyHashes(served.site, served.fingerprints, () => related), this.outDir, this.manifest, false) };
    });
    this.stale = { site: served.site, fingerprints: served.fingerprints, narratives: served.narratives };
    return this.write(timings, false, () =>
      publish(this.outDir, plans, sorted, this.manifest, { site: served.site, config: this.config, templatesDir: TEMPLATES_DIR, mode: 'in-place', partial: true }),
    );
  }

  /**
   * Publishes edits that changed what lists show: the edited incidents move in the site's lists
   * (regrouped, not grouped again) and only pages whose dependencies an edit can reach are hashed
   * and, when changed, rendered. Pages that come or go (a new network) call for publishing the
   * whole site.
   */
  async listed(edits: readonly IncidentEdit[], timings: Timings): Promise<PublishResult> {
    const served = this.served!;
    const related = this.related!;
    const { target, plans, reached, sorted } = await stage('plan', timings, () => {
      const { target, keys } = regroupEdits(served, edits);
      const plans = planSite(target.site, this.config, TEMPLATES_DIR, related, this.rows);
      if (pagesKey(served.plans) !== pagesKey(plans)) return { target, plans };
      const reached = reachedPlans(plans, keys);
      const sorted = sortPlans(reached, this.environment, dependencyHashes(target.site, target.fingerprints, () => related), this.outDir, this.manifest, false);
      return { target, plans, reached, sorted };
    });
    this.served = servedAfter(served, edits, target, plans);
    this.stale = target;
    if (!reached) return this.publishSite(target, related, false, timings, { deferCorpus: true });
    return this.write(timings, false, () =>
      publish(this.outDir, reached, sorted, this.manifest, { site: target.site, config: this.config, templatesDir: TEMPLATES_DIR, mode: 'in-place', partial: true }),
    );
  }

  /**
   * The second half of a rebuild: recomputes every related list, in short turns, then publishes the
   * pages whose list changed and the pages across incidents that edits left. Null when there was
   * nothing to do or `cancelled` said to stop before the lists were done; a failure leaves the
   * follow-up pending.
   */
  async followUp(cancelled: () => boolean, timings: Timings): Promise<PublishResult | null> {
    const target = this.stale;
    if (!target) return null;
    try {
      const related = await stage('related', timings, () => relatedIncidentsInTurns(target.site.incidents, cancelled));
      if (!related) return null;
      this.stale = undefined;
      this.related = related;
      return await this.publishSite(target, related, false, timings, { cancelled });
    } catch (error) {
      // Not published yet: the next follow-up tries again.
      this.stale ??= target;
      throw error;
    }
  }

  /**
   * With `deferCorpus`, pages that collect across every incident's content (lessons, action items,
   * stats, incidents.json…: seconds at 10 000 incidents) stay as they are for the follow-up to render.
   */
  private async publishSite(
    published: DevSite,
    related: RelatedLists,
    verifyOutput: boolean,
    timings: Timings,
    { deferCorpus = false, cancelled }: { deferCorpus?: boolean; cancelled?: () => boolean } = {},
  ): Promise<PublishResult> {
    const { site, fingerprints } = published;
    const { plans, sorted } = await stage('plan', timings, () => {
      let asPublished: PublishedText = () => undefined;
      const plans = planSite(site, this.config, TEMPLATES_DIR, related, this.rows, (page) => asPublished(page));
      // The served folder is pmkb's own: between rebuilds only this session writes it.
      const sorted = sortPlans(plans, this.environment, dependencyHashes(site, fingerprints, () => related), this.outDir, this.manifest, verifyOutput);
      asPublished = publishedText(this.outDir, sorted);
      if (deferCorpus) {
        // Left in place with their old records, they still count as changed next time.
        sorted.clean.push(...sorted.dirty.filter((p) => p.deps.includes('corpus')));
        sorted.dirty = sorted.dirty.filter((p) => !p.deps.includes('corpus'));
      }
      return { plans, sorted };
    });
    this.served = servedSite(published, plans);
    // Pages render in this thread: threads would each need a copy of the whole site, kept between
    // rebuilds or sent again every time, and a rebuild usually renders few pages.
    return this.write(timings, true, () => publish(this.outDir, plans, sorted, this.manifest, { site, config: this.config, templatesDir: TEMPLATES_DIR, mode: 'in-place', cancelled }));
  }

  /**
   * Renders and writes pages. A failure part way leaves pages without their records, which only a
   * publish of the whole site (`whole`) looks at again: until one succeeds, edits are not patched in.
   */
  private async write(timings: Timings, whole: boolean, run: () => Promise<PublishResult>): Promise<PublishResult> {
    try {
      const result = await stage('render+write', timings, run);
      if (whole) this.patchable = true;
      return result;
    } catch (error) {
      this.patchable = false;
      throw error;
    }
  }
}
