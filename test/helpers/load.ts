/** Builds models from YAML text for tests, through the same parser and collector the CLI uses. */
import { parseText } from '../../src/sources/files/parse.ts';
import { ResourceCollector } from '../../src/sources/collect.ts';
import { Model, type ModelOptions } from '../../src/model/model.ts';
import type { InputProblem } from '../../src/sources/problem.ts';

export function modelFromYaml(
  text: string,
  file = 'test.yaml',
  options: ModelOptions = {},
): { model: Model; problems: InputProblem[] } {
  const collector = new ResourceCollector();
  const parsed = parseText(text, file);
  for (const document of parsed.documents) collector.addDocument(document);
  deepFreeze(collector.resources);
  return {
    model: new Model(collector.resources, options),
    problems: [...parsed.problems, ...collector.problems],
  };
}

/** Rules must not mutate the model (DESIGN §4): frozen objects make any attempt throw in tests. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
