/**
 * The adapter from our ClusterReader port to a real API server, and the only file that imports
 * @kubernetes/client-node. The library does what is hard to get right: kubeconfig parsing, every
 * authentication method (tokens, client certificates, exec plugins, OIDC), the cluster CA, proxies.
 * Requests go through its own HTTP stack with its authentication applied; responses are read as the
 * server's JSON rather than through the generated models, which drop fields they do not know (CRDs,
 * newer API fields) and cost a deserialisation per object that a 10,000-Ingress cluster notices.
 *
 * Kubeconfig resolution follows kubectl: `--kubeconfig` alone; else every file of `KUBECONFIG` merged
 * (the first file to name a cluster, user or context wins, as does the first `current-context`;
 * missing files are skipped); else `~/.kube/config`; else the in-cluster service account.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isIPv6 } from 'node:net';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import {
  HttpMethod,
  KubeConfig,
  RequestContext,
  ServerConfiguration,
  createConfiguration,
  type Cluster,
  type Configuration,
  type Context,
  type User,
} from '@kubernetes/client-node';
import { asArray, asObject, asString, isObject, type JsonObject } from '../../model/resource.ts';
import {
  type AccessAnswer,
  type AccessQuestion,
  type ClusterReader,
  type Discovery,
  type Failure,
  type Identity,
  type KindDiscovery,
  type Lease,
  type LeaseApi,
  type LeaseOutcome,
  type ListOutcome,
  type ListRequest,
  type ServedKind,
  type WantedKind,
  type WatchEvent,
  type WatchRequest,
} from './port.ts';
import { EventQueue } from './event-queue.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Items per list request: what kubectl uses (`--chunk-size`), small enough for any API server. */
export const DEFAULT_PAGE_SIZE = 500;

export interface KubeconfigOptions {
  /** `--kubeconfig FILE`: this file only. */
  readonly kubeconfig?: string;
  /** `--context NAME`: instead of the kubeconfig's current context. */
  readonly context?: string;
  /** Where KUBECONFIG, HOME and KUBERNETES_SERVICE_HOST/PORT are read. */
  readonly env: NodeJS.ProcessEnv;
  /** The service account mount, for in-cluster use (tests point it elsewhere). */
  readonly serviceAccountDir?: string;
}

export interface KubernetesReaderOptions extends KubeconfigOptions {
  /** Per request (one page), like kubectl's `--request-timeout`. */
  readonly timeoutMs?: number;
  readonly pageSize?: number;
}

/** The kubeconfig (or in-cluster configuration) could not be loaded: a usage problem, exit 2. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

export function createKubernetesReader(options: KubernetesReaderOptions): ClusterReader & LeaseApi {
  return new KubernetesReader(loadKubeConfig(options), options);
}

// ---------------------------------------------------------------------------------------------------------
// Kubeconfig

export function loadKubeConfig(options: KubeconfigOptions): KubeConfig {
  const config = new KubeConfig();
  const { env } = options;
  const home = env.HOME ?? env.USERPROFILE;
  const envFiles = (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  if (options.kubeconfig !== undefined) {
    loadFile(config, options.kubeconfig);
  } else if (envFiles.length > 0) {
    const present = envFiles.filter((file) => existsSync(file));
    if (present.length === 0)
      throw new KubeconfigError(`none of the KUBECONFIG files exists: ${envFiles.join(delimiter)}`);
    mergeLikeKubectl(config, present);
  } else if (home !== undefined && existsSync(join(home, '.kube', 'config'))) {
    loadFile(config, join(home, '.kube', 'config'));
  } else if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) {
    loadInCluster(
      config,
      env.KUBERNETES_SERVICE_HOST,
      env.KUBERNETES_SERVICE_PORT,
      options.serviceAccountDir,
    );
  } else {
    throw new KubeconfigError(
      'no kubeconfig found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a pod',
    );
  }
  if (options.context !== undefined) {
    if (!config.getContextObject(options.context))
      throw new KubeconfigError(
        `context "${options.context}" is not in the kubeconfig (known: ${config
          .getContexts()
          .map((c) => c.name)
          .join(', ')})`,
      );
    config.setCurrentContext(options.context);
  }
  if (!config.getCurrentCluster())
    throw new KubeconfigError(
      config.getCurrentContext()
        ? `context "${config.getCurrentContext()}" names no known cluster`
        : 'the kubeconfig has no current-context: pass --context',
    );
  return config;
}

function loadFile(config: KubeConfig, file: string): void {
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw new KubeconfigError(`${file}: cannot load kubeconfig: ${messageOf(error)}`);
  }
}

/** kubectl's merge of several kubeconfig files: the first value set wins, for entries and current-context. */
function mergeLikeKubectl(config: KubeConfig, files: readonly string[]): void {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const one = new KubeConfig();
    loadFile(one, file);
    for (const cluster of one.getClusters())
      if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of one.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of one.getContexts())
      if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (currentContext === '') currentContext = one.getCurrentContext() || '';
  }
  config.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
}

/** What `rest.InClusterConfig` does: the API server's Service address, the mounted CA and token. */
function loadInCluster(
  config: KubeConfig,
  host: string,
  port: string,
  directory = SERVICE_ACCOUNT_DIR,
): void {
  const tokenFile = join(directory, 'token');
  if (!existsSync(tokenFile))
    throw new KubeconfigError(`in-cluster: no service account token at ${tokenFile}`);
  const namespaceFile = join(directory, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  config.loadFromOptions({
    clusters: [
      {
        name: 'in-cluster',
        server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile: join(directory, 'ca.crt'),
        skipTLSVerify: false,
      },
    ],
    // The library re-reads the token file when it changes: projected tokens rotate hourly.
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [
      { name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', ...(namespace ? { namespace } : {}) },
    ],
    currentContext: 'in-cluster',
  });
}

// ---------------------------------------------------------------------------------------------------------
// Requests

interface HttpAnswer {
  readonly status: number;
  readonly json: JsonObject;
}

/** A failure keeps the HTTP status (when there was an answer) for the callers that treat 404/410 apart. */
type Answer =
  { readonly status: 'ok'; readonly answer: HttpAnswer } | (Failure & { readonly httpStatus?: number });

function failure(answer: Exclude<Answer, { status: 'ok' }>): Failure {
  return { status: answer.status, message: answer.message };
}

class KubernetesReader implements ClusterReader, LeaseApi {
  readonly target: string;
  private readonly kubeConfig: KubeConfig;
  private readonly server: ServerConfiguration<Record<string, string>>;
  private readonly http: Configuration;
  private readonly timeoutMs: number;
  private readonly pageSize: number;

  constructor(kubeConfig: KubeConfig, options: KubernetesReaderOptions) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new KubeconfigError('no current cluster');
    this.kubeConfig = kubeConfig;
    this.target = `context "${kubeConfig.getCurrentContext()}" (${cluster.server})`;
    this.server = new ServerConfiguration(cluster.server.replace(/\/+$/, ''), {});
    this.http = createConfiguration({ baseServer: this.server, authMethods: { default: kubeConfig } });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  async discover(wanted: readonly WantedKind[]): Promise<Discovery> {
    const core = await this.get('/api/v1');
    if (core.status !== 'ok') return failure(core);
    const groups = await this.get('/apis');
    if (groups.status !== 'ok') return failure(groups);
    const wantedGroups = new Set(wanted.flatMap((w) => w.groups).filter((g) => g !== ''));
    const versionsByGroup = new Map<string, string[]>();
    for (const entry of asArray(groups.answer.json.groups)) {
      const group = asObject(entry);
      const name = asString(group.name) ?? '';
      if (!wantedGroups.has(name)) continue;
      const preferred = asString(asObject(group.preferredVersion).version);
      const versions = asArray(group.versions)
        .map((v) => asString(asObject(v).version))
        .filter((v): v is string => v !== undefined);
      // The preferred version first, then the server's own order (most stable first).
      versionsByGroup.set(name, [...new Set([...(preferred ? [preferred] : []), ...versions])]);
    }
    const resourceLists = new Map<string, Answer>([['/v1', core]]);
    await Promise.all(
      [...versionsByGroup].flatMap(([group, versions]) =>
        versions.map(async (version) => {
          resourceLists.set(`${group}/${version}`, await this.get(`/apis/${group}/${version}`));
        }),
      ),
    );
    const kinds = new Map<string, KindDiscovery>();
    for (const { kind, groups: candidates } of wanted) {
      kinds.set(kind, findKind(kind, candidates, versionsByGroup, resourceLists));
    }
    return { status: 'ok', kinds };
  }

  async list(request: ListRequest): Promise<ListOutcome> {
    const { served } = request;
    const base = served.group === '' ? `/api/${served.version}` : `/apis/${served.group}/${served.version}`;
    const scope =
      served.namespaced && request.namespace !== undefined
        ? `/namespaces/${encodeURIComponent(request.namespace)}`
        : '';
    const path = `${base}${scope}/${served.resource}`;
    const apiVersion = served.group === '' ? served.version : `${served.group}/${served.version}`;
    let restarted = false;
    let resourceVersion: string | undefined;
    let items: JsonObject[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await this.get(path, {
        limit: String(this.pageSize),
        ...(token !== undefined ? { continue: token } : {}),
        ...(request.fieldSelector !== undefined ? { fieldSelector: request.fieldSelector } : {}),
      });
      if (page.status !== 'ok') {
        // 410 Gone: the continue token outlived the server's compaction window. Start over, once,
        // rather than mix two snapshots.
        if (page.httpStatus === 410 && token !== undefined && !restarted) {
          restarted = true;
          items = [];
          token = undefined;
          continue;
        }
        if (page.httpStatus === 404) return { status: 'notServed' };
        return failure(page);
      }
      for (const item of asArray(page.answer.json.items)) {
        if (isObject(item)) items.push(listItem(item, apiVersion, served.kind));
      }
      request.onProgress?.(items.length);
      const metadata = asObject(page.answer.json.metadata);
      // Every page of one list is the same snapshot: the first page's version is the list's.
      resourceVersion ??= asString(metadata.resourceVersion);
      token = asString(metadata.continue);
      if (token === undefined || token === '')
        return { status: 'ok', items, ...(resourceVersion !== undefined ? { resourceVersion } : {}) };
    }
  }

  /**
   * A streaming GET (`?watch=1`), through the library's authentication and TLS set-up (its request
   * context: headers, and the undici dispatcher carrying the cluster CA and client certificate), read
   * one JSON event per line. Not the library's Watch class: it holds no reference to the fetch
   * Response, and a garbage-collected Response silently ends its stream — a watch that misses events.
   * Here the body is read by a loop that keeps it alive until the stream ends.
   */
  watch(request: WatchRequest): AsyncIterable<WatchEvent> {
    const queue = new EventQueue<WatchEvent>();
    const controller = new AbortController();
    const abort = (): void => {
      controller.abort();
    };
    if (request.signal?.aborted) {
      queue.end();
      return queue;
    }
    request.signal?.addEventListener('abort', abort, { once: true });
    void this.stream(request, queue, controller.signal).finally(() => {
      request.signal?.removeEventListener('abort', abort);
      queue.end();
    });
    return queue;
  }

  private async stream(
    request: WatchRequest,
    queue: EventQueue<WatchEvent>,
    signal: AbortSignal,
  ): Promise<void> {
    const { served } = request;
    const apiVersion = apiVersionOfServed(served);
    const timeoutSeconds = request.timeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS;
    const context = this.server.makeRequestContext(resourcePath(served, request.namespace), HttpMethod.GET);
    context.setHeaderParam('Accept', 'application/json');
    context.setQueryParam('watch', '1');
    context.setQueryParam('resourceVersion', request.resourceVersion);
    context.setQueryParam('allowWatchBookmarks', String(request.allowWatchBookmarks ?? true));
    context.setQueryParam('timeoutSeconds', String(timeoutSeconds));
    if (request.fieldSelector !== undefined) context.setQueryParam('fieldSelector', request.fieldSelector);
    const fail = (code: number, reason: string, message: string): void => {
      queue.push({ type: 'ERROR', status: { code, reason, message } });
    };
    let answer: StreamAnswer;
    // The request timeout bounds waiting for the answer, not the stream: a signal that stays attached
    // to the request would cut every watch after --request-timeout (30 s), all kinds at once.
    const opening = new AbortController();
    const timer = setTimeout(() => {
      opening.abort(new DOMException('no answer in time', 'TimeoutError'));
    }, this.timeoutMs);
    try {
      await this.kubeConfig.applySecurityAuthentication(context);
      answer = await openStream(context, AbortSignal.any([signal, opening.signal]));
    } catch (error) {
      if (!signal.aborted) fail(0, 'ConnectionError', describeRequestError(error, this.timeoutMs));
      return;
    } finally {
      clearTimeout(timer);
    }
    if (answer.status !== 200) {
      let text = '';
      try {
        for await (const chunk of answer.body) text += Buffer.from(chunk).toString('utf8');
      } catch {
        // the status line says enough
      }
      let json: JsonObject = {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (isObject(parsed)) json = parsed;
      } catch {
        // not JSON
      }
      fail(
        answer.status,
        asString(json.reason) ?? 'HTTPError',
        asString(json.message) ?? `HTTP ${String(answer.status)}`,
      );
      return;
    }
    const decoder = new TextDecoder();
    let buffered = '';
    const onLine = (line: string): boolean => {
      if (line.trim() === '') return true;
      let event: JsonObject;
      try {
        const parsed: unknown = JSON.parse(line);
        if (!isObject(parsed)) return true;
        event = parsed;
      } catch {
        return true;
      }
      const type = asString(event.type);
      const object = asObject(event.object);
      if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
        queue.push({ type, object: { ...object, apiVersion, kind: served.kind } });
      } else if (type === 'BOOKMARK') {
        const version = asString(asObject(object.metadata).resourceVersion);
        if (version !== undefined) queue.push({ type: 'BOOKMARK', resourceVersion: version });
      } else if (type === 'ERROR') {
        queue.push({ type: 'ERROR', status: statusOf(object) });
        return false;
      }
      return true;
    };
    const cancel = (): void => {
      answer.body.destroy();
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
      // This loop holds the body (and its connection) until the stream ends.
      for await (const chunk of answer.body) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (!onLine(line)) {
            cancel();
            return;
          }
          newline = buffered.indexOf('\n');
        }
      }
      onLine(buffered);
    } catch {
      // A connection dropped mid-stream ends the stream like the server's own close: the caller
      // watches again from the last version it saw.
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  async getLease(namespace: string, name: string): Promise<LeaseOutcome> {
    return leaseOutcome(await this.request(HttpMethod.GET, leasePath(namespace, name), {}, undefined));
  }

  async createLease(lease: Lease): Promise<LeaseOutcome> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(lease.namespace)}/leases`;
    return leaseOutcome(await this.request(HttpMethod.POST, path, {}, leaseJson(lease)));
  }

  async updateLease(lease: Lease): Promise<LeaseOutcome> {
    const path = leasePath(lease.namespace, lease.name);
    return leaseOutcome(await this.request(HttpMethod.PUT, path, {}, leaseJson(lease)));
  }

  async whoAmI(): Promise<Identity> {
    const answer = await this.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    if (answer.status !== 'ok') return failure(answer);
    const userInfo = asObject(asObject(answer.answer.json.status).userInfo);
    return {
      status: 'ok',
      username: asString(userInfo.username) ?? '',
      groups: asArray(userInfo.groups).filter((g): g is string => typeof g === 'string'),
    };
  }

  async review(question: AccessQuestion): Promise<AccessAnswer> {
    const resourceAttributes: JsonObject = {
      verb: question.verb,
      group: question.group,
      resource: question.resource,
      ...(question.subresource !== undefined ? { subresource: question.subresource } : {}),
      ...(question.namespace !== undefined ? { namespace: question.namespace } : {}),
      ...(question.name !== undefined ? { name: question.name } : {}),
    };
    // Without a user, the question is about our own identity (SelfSubjectAccessReview needs no extra right).
    const self = question.user === undefined;
    const answer = await this.post(
      `/apis/authorization.k8s.io/v1/${self ? 'selfsubjectaccessreviews' : 'subjectaccessreviews'}`,
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: self ? 'SelfSubjectAccessReview' : 'SubjectAccessReview',
        spec: {
          resourceAttributes,
          ...(question.user !== undefined ? { user: question.user } : {}),
          ...(question.groups !== undefined ? { groups: [...question.groups] } : {}),
        },
      },
    );
    if (answer.status !== 'ok') return failure(answer);
    const status = asObject(answer.answer.json.status);
    return {
      status: 'ok',
      allowed: status.allowed === true,
      denied: status.denied === true,
      reason: asString(status.reason) ?? '',
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private get(path: string, query: Readonly<Record<string, string>> = {}): Promise<Answer> {
    return this.request(HttpMethod.GET, path, query, undefined);
  }

  private post(path: string, body: JsonObject): Promise<Answer> {
    return this.request(HttpMethod.POST, path, {}, body);
  }

  private async request(
    method: HttpMethod,
    path: string,
    query: Readonly<Record<string, string>>,
    body: JsonObject | undefined,
  ): Promise<Answer> {
    const context = this.server.makeRequestContext(path, method);
    context.setHeaderParam('Accept', 'application/json');
    for (const [name, value] of Object.entries(query)) context.setQueryParam(name, value);
    if (body !== undefined) {
      context.setHeaderParam('Content-Type', 'application/json');
      context.setBody(JSON.stringify(body));
    }
    context.setSignal(AbortSignal.timeout(this.timeoutMs));
    let status: number;
    let text: string;
    try {
      await this.kubeConfig.applySecurityAuthentication(context);
      const response = await this.http.httpApi.send(context).toPromise();
      status = response.httpStatusCode;
      text = await response.body.text();
    } catch (error) {
      return { status: 'error', message: describeRequestError(error, this.timeoutMs) };
    }
    let json: JsonObject;
    try {
      const parsed: unknown = JSON.parse(text);
      json = isObject(parsed) ? parsed : {};
    } catch {
      json = {};
    }
    if (status >= 200 && status < 300) return { status: 'ok', answer: { status, json } };
    const serverMessage = asString(json.message) ?? (text.trim().slice(0, 200) || `HTTP ${String(status)}`);
    if (status === 403) return { status: 'forbidden', message: serverMessage, httpStatus: status };
    if (status === 401)
      return {
        status: 'error',
        message: `the server did not accept the credentials (401 Unauthorized: ${serverMessage})`,
        httpStatus: status,
      };
    return { status: 'error', message: `HTTP ${String(status)}: ${serverMessage}`, httpStatus: status };
  }
}

interface StreamAnswer {
  readonly status: number;
  readonly body: AsyncIterable<Uint8Array> & { destroy(): void };
}

/** The part of undici's Dispatcher a streaming GET uses (the library's TLS/proxy set-up lives in it). */
interface StreamDispatcher {
  request(options: {
    origin: string;
    path: string;
    method: 'GET';
    headers: Record<string, string>;
    signal: AbortSignal;
  }): Promise<{ statusCode: number; body: AsyncIterable<Uint8Array> & { destroy(): void } }>;
}

/**
 * Opens the stream through the request context's dispatcher (undici, as the library configured it),
 * or node:http(s) when the library set none (plain HTTP, no TLS options).
 */
async function openStream(context: RequestContext, signal: AbortSignal): Promise<StreamAnswer> {
  const url = new URL(context.getUrl());
  const headers: Record<string, string> = { ...context.getHeaders() };
  const dispatcher = context.getDispatcher() as StreamDispatcher | undefined;
  if (dispatcher) {
    const answer = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      signal,
    });
    return { status: answer.statusCode, body: answer.body };
  }
  const send = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { headers, signal }, (incoming) => {
      resolve({ status: incoming.statusCode ?? 0, body: incoming });
    });
    outgoing.on('error', reject);
  });
}

/** How long the server keeps one watch open before we start the next (client-go picks 5–10 minutes). */
export const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;

/**
 * A list item with the `apiVersion` and `kind` list items lack, and without `metadata.managedFields`:
 * dropped as each page arrives, so a list of thousands of objects does not hold them all until the
 * whole list is read (the model drops them anyway: read.ts toResource).
 */
function listItem(item: JsonObject, apiVersion: string, kind: string): JsonObject {
  const metadata = item.metadata;
  if (!isObject(metadata) || !('managedFields' in metadata)) return { ...item, apiVersion, kind };
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(metadata)) if (key !== 'managedFields') kept[key] = value;
  return { ...item, apiVersion, kind, metadata: kept };
}

function apiVersionOfServed(served: ServedKind): string {
  return served.group === '' ? served.version : `${served.group}/${served.version}`;
}

function resourcePath(served: ServedKind, namespace: string | undefined): string {
  const base = served.group === '' ? `/api/${served.version}` : `/apis/${served.group}/${served.version}`;
  const scope =
    served.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${served.resource}`;
}

function statusOf(json: JsonObject): { code: number; reason: string; message: string } {
  return {
    code: typeof json.code === 'number' ? json.code : 0,
    reason: asString(json.reason) ?? '',
    message: asString(json.message) ?? '',
  };
}

function leasePath(namespace: string, name: string): string {
  return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases/${encodeURIComponent(name)}`;
}

/** Our Lease → the API object (only the fields leader election writes; absent ones are left out). */
export function leaseJson(lease: Lease): JsonObject {
  const spec: JsonObject = {};
  if (lease.holderIdentity !== undefined) spec.holderIdentity = lease.holderIdentity;
  if (lease.leaseDurationSeconds !== undefined) spec.leaseDurationSeconds = lease.leaseDurationSeconds;
  if (lease.acquireTime !== undefined) spec.acquireTime = lease.acquireTime;
  if (lease.renewTime !== undefined) spec.renewTime = lease.renewTime;
  if (lease.leaseTransitions !== undefined) spec.leaseTransitions = lease.leaseTransitions;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: lease.name,
      namespace: lease.namespace,
      ...(lease.resourceVersion !== undefined ? { resourceVersion: lease.resourceVersion } : {}),
    },
    spec,
  };
}

/** The API object → our Lease. */
export function leaseOf(json: JsonObject): Lease {
  const metadata = asObject(json.metadata);
  const spec = asObject(json.spec);
  const text = (value: unknown): string | undefined => asString(value);
  const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  const fields: Record<string, string | number | undefined> = {
    resourceVersion: text(metadata.resourceVersion),
    holderIdentity: text(spec.holderIdentity),
    leaseDurationSeconds: number(spec.leaseDurationSeconds),
    acquireTime: text(spec.acquireTime),
    renewTime: text(spec.renewTime),
    leaseTransitions: number(spec.leaseTransitions),
  };
  return {
    namespace: text(metadata.namespace) ?? '',
    name: text(metadata.name) ?? '',
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}

function leaseOutcome(answer: Answer): LeaseOutcome {
  if (answer.status === 'ok') return { status: 'ok', lease: leaseOf(answer.answer.json) };
  if (answer.httpStatus === 404) return { status: 'notFound' };
  if (answer.httpStatus === 409) return { status: 'conflict', message: answer.message };
  return failure(answer);
}

function findKind(
  kind: string,
  candidates: readonly string[],
  versionsByGroup: ReadonlyMap<string, readonly string[]>,
  resourceLists: ReadonlyMap<string, Answer>,
): KindDiscovery {
  let found: Failure | undefined;
  for (const group of candidates) {
    const versions = group === '' ? ['v1'] : (versionsByGroup.get(group) ?? []);
    for (const version of versions) {
      const list = resourceLists.get(`${group}/${version}`);
      if (!list) continue;
      if (list.status !== 'ok') {
        // A 404 is a group version that went away between the two requests; other failures are kept.
        if (list.httpStatus !== 404) found ??= failure(list);
        continue;
      }
      const served = servedIn(list.answer.json, kind, group, version);
      if (served) return { status: 'served', served };
    }
  }
  return found ?? { status: 'notServed' };
}

function servedIn(
  resourceList: JsonObject,
  kind: string,
  group: string,
  version: string,
): ServedKind | undefined {
  for (const entry of asArray(resourceList.resources)) {
    const resource = asObject(entry);
    const name = asString(resource.name) ?? '';
    // Subresources (`ingresses/status`) share the kind; only the resource itself is listed.
    if (resource.kind !== kind || name === '' || name.includes('/')) continue;
    if (!asArray(resource.verbs).includes('list')) continue;
    return { kind, group, version, resource: name, namespaced: resource.namespaced === true };
  }
  return undefined;
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${String(timeoutMs / 1000)} s (--request-timeout)`;
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
