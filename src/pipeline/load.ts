/**
 * Sources → model: the one path every command takes to its Model, from files (paths, directories, `-`
 * for stdin) or from the live cluster. `scan` reviews the model; `routes`, `route` and `exposure` build
 * the route table from it. What could not be read is returned, not printed: each front end says it its way.
 */
import { Model } from '../model/model.ts';
import type { ControllerType } from '../model/controllers.ts';
import type { Resource } from '../model/resource.ts';
import { readInputs, type ReadOptions } from '../sources/files/read.ts';
import { isReadFailure, type InputProblem } from '../sources/problem.ts';
import type { ClusterReader } from '../sources/cluster/port.ts';
import { readCluster, type ClusterProgress } from '../sources/cluster/read.ts';

export type ModelSource =
  | { readonly type: 'files'; readonly paths: readonly string[]; readonly read: ReadOptions }
  | {
      readonly type: 'cluster';
      readonly reader: ClusterReader;
      /** Read only this namespace; omitted: all namespaces. */
      readonly namespace?: string;
      readonly onProgress?: (progress: ClusterProgress) => void;
    };

export interface LoadOptions {
  /** Controller assumed when an Ingress's controller cannot be told (`--controller`). */
  readonly fallbackController?: ControllerType;
}

export interface LoadedModel {
  readonly model: Model;
  readonly resources: readonly Resource[];
  /** Files: problems met while reading (unreadable files, parse errors, unknown kinds). */
  readonly problems: readonly InputProblem[];
  /** Files: kinds gatewatch does not review → how many objects of each were skipped. */
  readonly skippedKinds: ReadonlyMap<string, number>;
  /** Cluster: kind → why it could not be read. */
  readonly unreadableKinds: ReadonlyMap<string, string>;
  /** Nothing at all could be read (exit 2). */
  readonly nothingRead: boolean;
  /** Some input or kind could not be read (exit 3 when nothing else fails). */
  readonly partial: boolean;
  /** Cluster: why nothing could be read (server unreachable, credentials refused). */
  readonly failure?: string;
}

export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<LoadedModel> {
  const fallback = options.fallbackController ? { fallbackController: options.fallbackController } : {};
  if (source.type === 'files') {
    const input = await readInputs(source.paths, source.read);
    return {
      model: new Model(input.resources, { mode: 'files', ...fallback }),
      resources: input.resources,
      problems: input.problems,
      skippedKinds: input.skippedKinds,
      unreadableKinds: new Map(),
      nothingRead: !input.anythingRead,
      partial: input.problems.some(isReadFailure),
    };
  }
  const input = await readCluster(source.reader, {
    ...(source.namespace !== undefined ? { namespace: source.namespace } : {}),
    ...(source.onProgress ? { onProgress: source.onProgress } : {}),
  });
  if (input.status !== 'ok') {
    return {
      model: new Model([], { mode: 'cluster', ...fallback }),
      resources: [],
      problems: [],
      skippedKinds: new Map(),
      unreadableKinds: new Map(),
      nothingRead: true,
      partial: false,
      failure: input.message,
    };
  }
  return {
    model: new Model(input.resources, {
      mode: 'cluster',
      unreadableKinds: input.unreadableKinds,
      ...fallback,
    }),
    resources: input.resources,
    problems: [],
    skippedKinds: new Map(),
    unreadableKinds: input.unreadableKinds,
    nothingRead: false,
    partial: input.unreadableKinds.size > 0,
  };
}
