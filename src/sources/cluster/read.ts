/**
 * The cluster source: a ClusterReader → Resources, the way the file source turns documents into them.
 * Discovery first (which kinds the server serves: an absent CRD means no such objects, a fact), then one
 * paginated list per kind, a few at a time. Objects are cleaned at the door: list items get their
 * `apiVersion`/`kind` back, server bookkeeping (`managedFields`) is dropped, Secrets are listed only of
 * type kubernetes.io/tls and reduced to their certificate facts before anything else sees them.
 * A kind that could not be read (403, timeout) is returned with the reason: the model turns the rules
 * that need it into "not checked".
 */
import { asArray, asObject, asString, type JsonObject, type Resource } from '../../model/resource.ts';
import { redactSecret } from '../../model/secret.ts';
import type { ClusterReader, KindDiscovery, ListOutcome, ServedKind } from './port.ts';
import { SECRET_FIELD_SELECTOR, WANTED_KINDS } from './kinds.ts';

export interface ClusterReadOptions {
  /** Read only this namespace (cluster-scoped kinds are read whole). Omitted: all namespaces. */
  readonly namespace?: string;
  /** Lists in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ClusterProgress) => void;
}

export interface ClusterProgress {
  readonly kindsDone: number;
  readonly kindsTotal: number;
  /** Objects received so far, all kinds. */
  readonly objects: number;
}

export type ClusterInput =
  | {
      readonly status: 'ok';
      readonly resources: Resource[];
      /** Kind → why it could not be read (the server's message). */
      readonly unreadableKinds: Map<string, string>;
      /** Kinds the server does not serve (absent CRDs). */
      readonly notServed: string[];
    }
  /** Nothing could be read at all (server unreachable, credentials refused). */
  | { readonly status: 'unreachable'; readonly message: string };

const DEFAULT_CONCURRENCY = 4;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export async function readCluster(
  reader: ClusterReader,
  options: ClusterReadOptions = {},
): Promise<ClusterInput> {
  const discovery = await reader.discover(WANTED_KINDS);
  if (discovery.status !== 'ok')
    return { status: 'unreachable', message: `${reader.target}: ${discovery.message}` };
  const unreadableKinds = new Map<string, string>();
  const notServed: string[] = [];
  const toList: ServedKind[] = [];
  for (const [kind, found] of discovery.kinds) {
    if (found.status === 'served') toList.push(found.served);
    else if (found.status === 'notServed') notServed.push(kind);
    else unreadableKinds.set(kind, unreadableReason(kind, found));
  }
  const progress = { kindsDone: 0, kindsTotal: toList.length, objects: 0 };
  const perKind = new Map<string, number>();
  const report = (): void => options.onProgress?.({ ...progress });
  const outcomes = await inParallel(toList, options.concurrency ?? DEFAULT_CONCURRENCY, async (served) => {
    const outcome = await reader.list({
      served,
      ...(served.namespaced && options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(served.kind === 'Secret' ? { fieldSelector: SECRET_FIELD_SELECTOR } : {}),
      onProgress: (itemsSoFar) => {
        progress.objects += itemsSoFar - (perKind.get(served.kind) ?? 0);
        perKind.set(served.kind, itemsSoFar);
        report();
      },
    });
    progress.kindsDone++;
    report();
    return outcome;
  });
  const resources: Resource[] = [];
  toList.forEach((served, index) => {
    const outcome = outcomes[index] as ListOutcome;
    if (outcome.status === 'ok') {
      for (const item of outcome.items) {
        const resource = toResource(item, served);
        if (resource) resources.push(resource);
      }
    } else if (outcome.status === 'notServed') notServed.push(served.kind);
    else unreadableKinds.set(served.kind, unreadableReason(served.kind, outcome));
  });
  return { status: 'ok', resources, unreadableKinds, notServed: notServed.sort() };
}

function unreadableReason(
  kind: string,
  failure: Exclude<KindDiscovery, { status: 'served' | 'notServed' }>,
): string {
  const what = failure.status === 'forbidden' ? 'forbidden' : 'error';
  return `${kind} could not be read from the cluster (${what}): ${failure.message}`;
}

/** A list item → a Resource, or undefined for objects gatewatch leaves out (see `isReplicaOfTemplate`). */
export function toResource(item: JsonObject, served: ServedKind): Resource | undefined {
  const metadata = asObject(item.metadata);
  const name = asString(metadata.name);
  if (name === undefined || isReplicaOfTemplate(served.kind, metadata)) return undefined;
  const apiVersion = served.group === '' ? served.version : `${served.group}/${served.version}`;
  const cleanMetadata: JsonObject = { ...metadata };
  delete cleanMetadata.managedFields;
  const body: JsonObject = { ...item, apiVersion, kind: served.kind, metadata: cleanMetadata };
  const namespace = served.namespaced ? (asString(metadata.namespace) ?? '') : '';
  const ref = { apiVersion, kind: served.kind, namespace, name, origin: undefined, helmSource: undefined };
  if (served.kind === 'Secret') return redactSecret(stripLastApplied(body), ref);
  return { apiVersion, kind: served.kind, namespace, name, body };
}

/**
 * A Pod a controller made (a ReplicaSet's, a DaemonSet's…) repeats its owner's pod template: reviewing
 * every replica would repeat every finding of the template. Bare Pods are kept.
 */
function isReplicaOfTemplate(kind: string, metadata: JsonObject): boolean {
  return (
    kind === 'Pod' && asArray(metadata.ownerReferences).some((owner) => asObject(owner).controller === true)
  );
}

/** `kubectl apply` keeps the whole applied manifest in an annotation: for a Secret, its values too. */
function stripLastApplied(body: JsonObject): JsonObject {
  const metadata = asObject(body.metadata);
  const annotations = asObject(metadata.annotations);
  if (!(LAST_APPLIED in annotations)) return body;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED));
  return { ...body, metadata: { ...metadata, annotations: kept } };
}

/** Runs `work` over `items` with at most `limit` in flight; results in the order of `items`. */
async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
