/**
 * Parsed documents → Resources: expands `kind: List`, checks kind and name, defaults the namespace,
 * reduces Secrets to their certificate facts (values are dropped here, before anything else sees
 * them), and reports unknown kinds and duplicates.
 */
import { asObject, asString, isObject, keyOf, type Resource } from '../model/resource.ts';
import { isKnownKind, isNamespaced } from '../model/kinds.ts';
import { redactSecret } from '../model/secret.ts';
import type { ParsedDocument } from './files/parse.ts';
import type { InputProblem } from './problem.ts';

export interface Collected {
  readonly resources: Resource[];
  readonly problems: InputProblem[];
  readonly skippedKinds: Map<string, number>;
}

export class ResourceCollector {
  private readonly seen = new Map<string, Resource>();
  readonly resources: Resource[] = [];
  readonly problems: InputProblem[] = [];
  readonly skippedKinds = new Map<string, number>();
  private readonly defaultNamespace: string;

  constructor(defaultNamespace = 'default') {
    this.defaultNamespace = defaultNamespace;
  }

  addDocument(document: ParsedDocument): void {
    const { value, origin } = document;
    if (!isObject(value)) {
      this.problem(
        'input-parse-error',
        origin.file,
        origin.line,
        'document is not a mapping: not a Kubernetes object',
      );
      return;
    }
    const kind = asString(value.kind);
    if (kind !== undefined && kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, index) => {
        this.addObject(item, document.nested(['items', index]), document.helmSource);
      });
      return;
    }
    this.addObject(value, origin, document.helmSource);
  }

  private addObject(value: unknown, origin: ParsedDocument['origin'], helmSource: string | undefined): void {
    if (!isObject(value)) {
      this.problem(
        'input-parse-error',
        origin.file,
        origin.line,
        'list item is not a mapping: not a Kubernetes object',
      );
      return;
    }
    const kind = asString(value.kind);
    const apiVersion = asString(value.apiVersion);
    if (!kind || !apiVersion) {
      const missing = !kind ? 'kind' : 'apiVersion';
      this.problem(
        'input-parse-error',
        origin.file,
        origin.line,
        `document has no ${missing}: not a Kubernetes object`,
      );
      return;
    }
    if (!isKnownKind(kind)) {
      this.skippedKinds.set(kind, (this.skippedKinds.get(kind) ?? 0) + 1);
      this.problem(
        'input-unknown-kind',
        origin.file,
        origin.line,
        `kind "${kind}" (${apiVersion}) is not reviewed; skipped`,
      );
      return;
    }
    const metadata = asObject(value.metadata);
    const name = asString(metadata.name);
    if (!name) {
      const generated = asString(metadata.generateName);
      const message = generated
        ? `${kind} has only generateName "${generated}": its name is not known before creation; skipped`
        : `${kind} has no metadata.name; skipped`;
      this.problem('input-parse-error', origin.file, origin.line, message);
      return;
    }
    const namespace = isNamespaced(kind) ? (asString(metadata.namespace) ?? this.defaultNamespace) : '';
    const key = keyOf(kind, namespace, name);
    const earlier = this.seen.get(key);
    if (earlier) {
      const where = earlier.origin ? `${earlier.origin.file}:${earlier.origin.line}` : 'earlier in the input';
      this.problem(
        'input-duplicate-object',
        origin.file,
        origin.line,
        `${kind} ${namespace ? `${namespace}/` : ''}${name} is also defined at ${where}; this copy was ignored`,
      );
      return;
    }
    const ref = { apiVersion, kind, namespace, name, origin, helmSource };
    // Written out rather than spread from `ref`: one object literal per object read, same fields in the same order.
    const resource: Resource =
      kind === 'Secret'
        ? redactSecret(value, ref)
        : { apiVersion, kind, namespace, name, origin, helmSource, body: value };
    this.seen.set(key, resource);
    this.resources.push(resource);
  }

  private problem(id: InputProblem['id'], file: string, line: number, message: string): void {
    this.problems.push({ id, file, line, message });
  }
}
