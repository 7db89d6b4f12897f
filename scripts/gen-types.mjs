// Regenerates src/model/incident.generated.ts from schemas/incident.schema.json, so the schema stays
// the single source of truth. test/model/schema-types.test.ts fails when the two drift apart.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
export const targets = [{ schema: 'schemas/incident.schema.json', out: 'src/model/incident.generated.ts', name: 'Incident' }];

export async function generate(target) {
  const schema = JSON.parse(await readFile(root + target.schema, 'utf8'));
  return compile(schema, target.name, {
    bannerComment: `/* Generated from ${target.schema} by \`npm run gen:types\`. Do not edit by hand. */`,
    additionalProperties: false,
    style: { singleQuote: true },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const target of targets) await writeFile(root + target.out, await generate(target));
}
