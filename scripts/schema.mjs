// `npm run schema`: writes docs/lab.schema.json, the JSON Schema of lab files, from the valibot
// schema (scripts/lab-json-schema.ts). With --check it writes nothing and exits 1 when the
// committed file is out of date.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The schema is TypeScript with .js import paths: bundled in memory, then imported.
const out = await build({
  entryPoints: [fileURLToPath(new URL('./lab-json-schema.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const { LAB_SCHEMA_FILE, labJsonSchemaText } = await import(
  `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`
);
const file = `${root}${LAB_SCHEMA_FILE}`;
const text = labJsonSchemaText();
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // missing: out of date
  }
  if (old !== text) {
    console.error(`${LAB_SCHEMA_FILE} is out of date; run \`npm run schema\` and commit it.`);
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${LAB_SCHEMA_FILE}`);
}
