/** Objects for drift tests: YAML read the way every source reads it (namespace defaulting, Secrets redacted). */
import { ResourceCollector } from '../../src/sources/collect.ts';
import { parseText } from '../../src/sources/files/parse.ts';
import type { Resource } from '../../src/model/resource.ts';
import { fieldDrift, normalizeContext, type FieldDrift } from '../../src/drift/compare.ts';

export function objects(yaml: string, file = 'test.yaml'): Resource[] {
  const collector = new ResourceCollector();
  const { documents, problems } = parseText(yaml, file);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  for (const document of documents) collector.addDocument(document);
  if (collector.problems.length > 0) throw new Error(collector.problems.map((p) => p.message).join('; '));
  return collector.resources;
}

export function one(yaml: string): Resource {
  const [resource] = objects(yaml);
  if (!resource) throw new Error('no object');
  return resource;
}

/** The drifted fields of one approved object against its live version; `others` are further live objects. */
export function driftOf(approved: string, live: string, others = ''): FieldDrift[] {
  const a = one(approved);
  const l = one(live);
  const context = normalizeContext([l, ...(others ? objects(others) : [])], [a]);
  return fieldDrift(a, l, context);
}

/** `path: approved → live` lines, for readable assertions. */
export function summary(fields: readonly FieldDrift[]): string[] {
  return fields.map((f) =>
    f.redacted
      ? `${f.path}: ${f.change} (redacted)`
      : `${f.path}: ${JSON.stringify(f.approved)} → ${JSON.stringify(f.live)}`,
  );
}
