import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { scaffold } from '../../src/authoring/new.js';
import { resolveConfig } from '../../src/config/config.js';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatGithub } from '../../src/diagnostics/reporters/index.js';
import { loadSchema } from '../../src/model/schemas.js';
import { ROOT } from '../helpers/parse.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const frontMatterOf = (markdown: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(markdown)![1]!) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(loadSchema('frontmatter'));

describe('the front matter schema for editors', () => {
  it('accepts the canonical example, the README block and a fresh `pmkb new` file as they are', () => {
    const readmeBlock = /## The canonical format[\s\S]*?```markdown\n([\s\S]*?)```/.exec(readme)![1]!;
    const fresh = scaffold({ id: '2024-05-01-x', title: 'X', date: '2024-05-01', authors: ['A'], trigger: 'A deploy.' }, resolveConfig());
    for (const text of [readFileSync(`${ROOT}postmortems/2024-03-12-gateway-certificate-expiry.md`, 'utf8'), readmeBlock, fresh]) {
      expect(validate(frontMatterOf(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('offers the statuses and trigger categories as completions without rejecting other wording', () => {
    const schema = loadSchema('frontmatter') as { properties: Record<string, { anyOf?: Array<{ enum?: string[] }> }> };
    expect(schema.properties.status!.anyOf![0]!.enum).toEqual(['draft', 'investigating', 'mitigated', 'resolved', 'closed']);
    expect(validate({ status: 'Root cause identified, resolved', trigger: { category: 'dns', text: 'A resolver change.' } })).toBe(true);
    expect(validate({ staus: 'resolved' })).toBe(false);
    expect(validate({ authors: { lead: 'Dana' } })).toBe(false);
  });

  it('is mapped for the Red Hat YAML extension in .vscode/settings.json', () => {
    const settings = JSON.parse(readFileSync(`${ROOT}.vscode/settings.json`, 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
    expect(settings['yaml.schemas']).toEqual({ './schemas/frontmatter.schema.json': ['postmortems/**/*.md'] });
    expect(existsSync(`${ROOT}schemas/frontmatter.schema.json`)).toBe(true);
    expect(readme).toContain('"yaml.schemas": { "./schemas/frontmatter.schema.json": ["postmortems/**/*.md"] }');
  });

  it('has a VS Code task whose problem matcher reads what `--format github` prints', () => {
    const tasks = JSON.parse(readFileSync(`${ROOT}.vscode/tasks.json`, 'utf8')) as {
      tasks: Array<{ command: string; problemMatcher: { pattern: Record<string, string | number> } }>;
    };
    const [task] = tasks.tasks;
    expect(task!.command).toBe('npx pmkb check --format github');
    const { regexp, ...groups } = task!.problemMatcher.pattern;
    const line = formatGithub([diagnostic('unknown-key', 'team/x.md', { line: 4, column: 3 }, { key: 'staus', suggestion: 'status' })]);
    const m = new RegExp(String(regexp)).exec(line)!;
    expect(Object.fromEntries(Object.entries(groups).map(([name, index]) => [name, m[Number(index)]]))).toEqual({
      severity: 'warning',
      file: 'team/x.md',
      line: '4',
      column: '3',
      code: 'unknown-key',
      message: 'Unknown front matter key `staus`; pmkb ignores it. Did you mean `status`?',
    });
  });
});

describe('the CI recipe in README', () => {
  const workflow = parseYaml(/# \.github\/workflows\/postmortems\.yml\n([\s\S]*?)```/.exec(readme)![1]!) as {
    on: Record<string, unknown>;
    jobs: Record<string, { if: string; steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }> }>;
  };
  const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? s.uses);

  it('checks pull requests with GitHub annotations', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(workflow.jobs.check!.if).toBe("github.event_name == 'pull_request'");
    expect(runs('check')).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'npm ci', 'npx pmkb check --format github']);
  });

  it('builds and publishes on merge, keeping the build cache between runs', () => {
    expect(workflow.jobs.publish!.if).toBe("github.event_name == 'push'");
    const steps = runs('publish');
    expect(steps.indexOf('actions/cache@v4')).toBeLessThan(steps.indexOf('npx pmkb build --format github'));
    expect(steps.slice(-2)).toEqual(['actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4']);
    const cache = workflow.jobs.publish!.steps.find((s) => s.uses === 'actions/cache@v4')!;
    expect(cache.with!.path).toBe('.pmkb-cache');
    expect(cache.with!.key).toContain('${{ github.sha }}');
  });
});
