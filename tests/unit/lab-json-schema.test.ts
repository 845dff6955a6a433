import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_SCHEMA_FILE, labJsonSchema, labJsonSchemaText } from '../../scripts/lab-json-schema.js';
import { CHECK_TYPES } from '../../src/checks/kinds/index.js';
import { listLabIds } from '../../src/labs/loader.js';
import { contentRoot } from '../../src/util/paths.js';

const root = contentRoot();

describe('the JSON Schema of lab files', () => {
  it('is committed as `npm run schema` writes it', () => {
    const committed = readFileSync(join(root, LAB_SCHEMA_FILE), 'utf8');
    expect(committed, `${LAB_SCHEMA_FILE} is out of date: run \`npm run schema\` and commit it`).toBe(
      labJsonSchemaText(),
    );
  });

  it('describes every check type, each with its own fields only', () => {
    const schema = labJsonSchema() as {
      properties: { tasks: { items: { properties: { checks: { items: { oneOf: object[] } } } } } };
    };
    const checks = schema.properties.tasks.items.properties.checks.items.oneOf as {
      properties: { type: { const: string } };
      additionalProperties: boolean;
      description: string;
    }[];
    expect(checks.map((c) => c.properties.type.const)).toEqual([...CHECK_TYPES]);
    for (const check of checks) {
      expect(check.additionalProperties).toBe(false);
      expect(check.description.length).toBeGreaterThan(20);
    }
  });

  it('is named by every lab file, for editors with the YAML language server', () => {
    for (const id of listLabIds(root)) {
      const first = readFileSync(join(root, 'labs', id, 'lab.yaml'), 'utf8').split('\n')[0];
      expect(first, `labs/${id}/lab.yaml`).toBe('# yaml-language-server: $schema=../../docs/lab.schema.json');
    }
  });
});
