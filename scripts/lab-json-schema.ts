/**
 * The JSON Schema of lab files (docs/lab.schema.json), generated from the valibot schema in
 * src/labs/schema.ts and the check kinds' declarations, for editors with the YAML language
 * server (completion and validation of labs/<id>/lab.yaml). `npm run schema` writes it;
 * tests/unit/lab-json-schema.test.ts fails when the committed file is out of date.
 */
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { LabFile, Step } from '../src/labs/schema.js';
import { CHECK_KINDS } from '../src/checks/kinds/index.js';
import { Expect, Id, LabelMap, LocalText, ObjectRef, ObjectSet, Selector } from '../src/checks/kinds/fields.js';

/** Where the schema is published, from the repository root. */
export const LAB_SCHEMA_FILE = 'docs/lab.schema.json';

/** The JSON Schema (draft 2020-12) of a lab file, as an object. */
export function labJsonSchema(): JsonSchema {
  const kinds = new Map<unknown, (typeof CHECK_KINDS)[number]>(CHECK_KINDS.map((k) => [k.schema, k]));
  const schema = toJsonSchema(LabFile, {
    target: 'draft-2020-12',
    // A lab file is the schema's input: fields with defaults may be left out.
    typeMode: 'input',
    // Shared shapes once, under $defs, each named where it is used.
    definitions: { Id, LocalText, LabelMap, Selector, ObjectRef, ObjectSet, Expect, Step },
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      const kind = kinds.get(valibotSchema);
      if (!kind) return undefined;
      const described: JsonSchema = { description: kind.description, ...jsonSchema };
      // What the kind checks beyond its schema, where JSON Schema can say it.
      if (kind.type === 'pods-ready') described.oneOf = [{ required: ['selector'] }, { required: ['names'] }];
      return described;
    },
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...schema,
    title: 'cka-lab lab file (labs/<id>/lab.yaml)',
    description:
      'A cka-lab lab: setup, tasks with hints, reference solution, checks and self-test cases. See docs/writing-labs.md.',
  };
}

/** The text of docs/lab.schema.json: the schema as JSON, two-space indented, with a final newline. */
export const labJsonSchemaText = (): string => `${JSON.stringify(labJsonSchema(), null, 2)}\n`;
