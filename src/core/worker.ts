import type { Config } from '../config/config.js';
import type { Listed } from '../model/site.js';
import { buildSite } from '../stages/indexes.js';
import { contentText, planSite, type OutputFile, type PagePlan } from '../stages/render.js';
import { analyzeFile } from './analyze.js';
import { analysisText } from './analysis-text.js';
import { NarrativeStore, type NarrativeStoreData } from './narratives.js';
import { serveTasks } from './pool.js';

export type WorkerTask =
  | { kind: 'config'; config: Config }
  | { kind: 'analyze'; path: string; content: Uint8Array }
  | { kind: 'site'; incidents: Listed[]; narratives: NarrativeStoreData; config: Config; templatesDir: string }
  | { kind: 'release' }
  | { kind: 'render'; paths: string[] };

let config: Config | undefined;
let plans: Map<string, PagePlan> | undefined;

/**
 * One task at a time, in the order sent. Analyses come back as JSON text, the same text the cache
 * stores, so the main thread only parses what it receives and writes it to the cache as it is.
 */
async function handle(task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'config':
      config = task.config;
      return null;
    case 'analyze': {
      if (!config) throw new Error('The worker has no config yet.');
      return analysisText(analyzeFile(task.path, task.content, config));
    }
    case 'site': {
      // The same grouping and planning as the main thread, from the same incidents: identical pages.
      const site = buildSite(task.incidents, NarrativeStore.from(task.narratives));
      plans = new Map(planSite(site, task.config, task.templatesDir).map((plan) => [plan.path, plan]));
      return null;
    }
    case 'release':
      // The site is as large as the corpus: a thread keeps it only while it renders pages of it.
      plans = undefined;
      return null;
    case 'render': {
      if (!plans) throw new Error('The worker has no site to render yet.');
      const site = plans;
      return task.paths.map((path): OutputFile => {
        const plan = site.get(path);
        if (!plan) throw new Error(`The worker's site has no page ${path}.`);
        // Pieces cannot cross threads: a thread sends the text whole.
        return { path, content: contentText(plan.render()) };
      });
    }
  }
}

serveTasks(handle);
