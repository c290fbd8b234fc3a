/** Ajv validators for the machine-readable outputs (DESIGN §4: outputs are validated against their schema). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// CommonJS packages: under Node's ESM loader the default import is module.exports; `.default` is the export.
const Ajv = AjvModule.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const ROOT = join(import.meta.dirname, '..', '..');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * The official SARIF 2.1.0 schema (test/schemas/README.md). It is draft-04; Ajv validates it as draft-07
 * once `id` is spelled `$id` (no keyword it uses changed meaning between the two drafts).
 */
export function sarifValidator(): ValidateFunction {
  const schema = readJson(join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'));
  const draft07: Record<string, unknown> = { ...schema, $id: schema.id };
  delete draft07.id;
  delete draft07.$schema; // draft-04's meta-schema, which Ajv 8 does not load
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(draft07);
}

export const SCAN_RESULT_SCHEMA_PATH = join(ROOT, 'schemas', 'scan-result.v1.schema.json');

export function scanResultSchema(): Record<string, unknown> {
  return readJson(SCAN_RESULT_SCHEMA_PATH);
}

/** Our published schema, compiled strictly: a schema mistake fails the test, not just bad output. */
export function scanResultValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(scanResultSchema());
}

export function describeErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.slice(0, 5), null, 2);
}
