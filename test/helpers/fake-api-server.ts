/**
 * A loopback Kubernetes API server for contract tests of the real adapter (DESIGN §4): node:http(s) on
 * 127.0.0.1 and a random port, answering with the JSON shapes a real API server sends — discovery
 * documents (`/api`, `/apis`, `/apis/<group>/<version>`), paginated lists (`limit`/`continue`, items
 * without `apiVersion`/`kind`), `Status` objects for 401/403/404/410, field selectors, bearer-token
 * authentication, SelfSubjectReview and (Self)SubjectAccessReview — over TLS with its own CA.
 *
 * Objects live in a store keyed by resource with a cluster-wide resourceVersion counter that every
 * change (`apply`, `remove`) bumps, and a change log that `?watch=1` replays and then follows: one JSON
 * event per line over a chunked response, BOOKMARK events when asked for (`allowWatchBookmarks`, on a
 * timer or on demand with `bookmark()`), `timeoutSeconds` honoured. `compact()` forgets the history so
 * that a watch from an older version gets the ERROR event with a 410 `Status` a real server sends;
 * `dropWatches()` cuts every open watch connection; `expireContinueTokens()` answers 410 Gone to
 * every older continue token. Leases (`coordination.k8s.io/v1`) can be read, created and replaced
 * with the API server's optimistic concurrency: 409 Conflict for a create of an existing Lease or an
 * update naming a stale resourceVersion. Requests are recorded for assertions.
 */
import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { STANDARD_RESOURCES, matchesFieldSelector } from '../../src/sources/cluster/fake.ts';
import type { ServedKind } from '../../src/sources/cluster/port.ts';
import { asObject, asString, isObject, type JsonObject } from '../../src/model/resource.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
}

export interface FakeApiServerOptions {
  /** Complete objects (apiVersion, kind, metadata…), as they would be stored. */
  readonly objects?: readonly JsonObject[];
  /** Resources the server serves. Default: STANDARD_RESOURCES (no CRDs). */
  readonly served?: readonly ServedKind[];
  /** Serve HTTPS with a CA of its own (see `ca`). Default true. */
  readonly tls?: boolean;
  /** Require `Authorization: Bearer <token>`; anything else gets 401. */
  readonly token?: string;
  /** The identity behind the token (403 messages, SelfSubjectReview). */
  readonly user?: { readonly username: string; readonly groups: readonly string[] };
  /** Plural resources (`secrets`, `httproutes`) the user may not list: 403 Forbidden. */
  readonly forbidden?: readonly string[];
  /** Answers SubjectAccessReviews; default: allowed unless the resource is in `forbidden`. */
  readonly authorize?: (attributes: JsonObject, user: string | undefined) => boolean;
  /** The most items one page may hold, whatever `limit` asks (servers may return fewer). */
  readonly maxPageSize?: number;
  /** Delay every answer (request-timeout tests). */
  readonly delayMs?: number;
  /** Send a BOOKMARK this often on watches that allow them (default: only on `bookmark()`). */
  readonly bookmarkIntervalMs?: number;
}

export interface FakeApiServer {
  readonly url: string;
  /** PEM of the CA that signed the server certificate (HTTPS only). */
  readonly ca: string | undefined;
  readonly requests: RecordedRequest[];
  /** Every change so far, in resourceVersion order (what a watch will replay). */
  readonly changes: readonly Change[];
  /** Creates or replaces an object; bumps the resourceVersion. */
  apply(object: JsonObject): void;
  remove(apiVersion: string, kind: string, namespace: string, name: string): void;
  /** Every continue token issued so far now answers 410 Gone. */
  expireContinueTokens(): void;
  /** The history is gone: a watch from any version up to now gets a 410 Gone ERROR event. */
  compact(): void;
  /** Cuts every open watch connection (no final event), as a network failure does. */
  dropWatches(): void;
  /** Sends a BOOKMARK with the current resourceVersion on every open watch that allows them. */
  bookmark(): void;
  /** Open watch streams now. */
  readonly openWatches: number;
  /** The current resourceVersion. */
  readonly resourceVersion: number;
  /** A kubeconfig (YAML) pointing at this server with its CA and token. */
  kubeconfig(options?: { context?: string; namespace?: string; token?: string }): string;
  close(): Promise<void>;
}

export interface Change {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resourceVersion: number;
  readonly object: JsonObject;
}

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const served = options.served ?? STANDARD_RESOURCES;
  const user = options.user ?? { username: 'test-user', groups: ['system:authenticated'] };
  const forbidden = new Set(options.forbidden ?? []);
  const store = new Map<string, Map<string, JsonObject>>();
  const changes: Change[] = [];
  const requests: RecordedRequest[] = [];
  let resourceVersion = 1000;
  /** Watches from versions at or below this get 410 Gone (the history before it was compacted). */
  let compactedThrough = 0;
  const watches = new Set<WatchStream>();
  const leases = new Map<string, JsonObject>();
  /** Continue tokens are numbered; those below this number answer 410 Gone. */
  let tokensIssued = 0;
  let oldestValidToken = 0;

  // Like a real server, an object is stored once and served in every version of its group (conversion).
  const resourceOf = (apiVersion: string, kind: string): ServedKind | undefined => {
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    return served.find((s) => s.kind === kind && s.group === group);
  };
  const storeKey = (s: ServedKind): string => `${s.group}/${s.resource}`;
  const apply = (object: JsonObject): void => {
    const kind = asString(object.kind) ?? '';
    const resource = resourceOf(asString(object.apiVersion) ?? '', kind);
    if (!resource)
      throw new Error(`fake API server: ${asString(object.apiVersion) ?? '?'} ${kind} is not served`);
    const metadata = asObject(object.metadata);
    const namespace = resource.namespaced ? (asString(metadata.namespace) ?? 'default') : '';
    const name = asString(metadata.name) ?? '';
    let objects = store.get(storeKey(resource));
    if (!objects) store.set(storeKey(resource), (objects = new Map<string, JsonObject>()));
    const key = `${namespace}/${name}`;
    const existed = objects.has(key);
    resourceVersion++;
    const stored: JsonObject = {
      ...object,
      metadata: {
        ...metadata,
        ...(resource.namespaced ? { namespace } : {}),
        resourceVersion: String(resourceVersion),
        uid: asString(metadata.uid) ?? `uid-${String(resourceVersion)}`,
        // One second apart, in the order applied: creation order is input order, as in a real cluster.
        creationTimestamp:
          asString(metadata.creationTimestamp) ??
          new Date(Date.UTC(2026, 0, 1) + (resourceVersion - 1000) * 1000).toISOString().replace('.000', ''),
        // Server bookkeeping a real server adds to every object (what the adapter must strip).
        managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: object.apiVersion ?? '' }],
      },
    };
    objects.set(key, stored);
    record({ type: existed ? 'MODIFIED' : 'ADDED', resourceVersion, object: stored });
  };
  const record = (change: Change): void => {
    changes.push(change);
    for (const watch of watches) watch.deliver(change);
  };
  for (const object of options.objects ?? []) apply(object);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: request.headers.authorization,
    });
    const body = await readBody(request);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    // The client gave up (or the server closed) while the answer was delayed: a watch started now
    // would keep its timeout timer, and the test process, alive.
    if (response.destroyed) return;
    const send = (code: number, json: JsonObject): void => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const path = url.pathname.replace(/\/+$/, '');
    const lease = LEASE_PATH.exec(path);
    if (lease) {
      send(...leaseRequest(request.method ?? 'GET', decodeURIComponent(lease[1] ?? ''), lease[2], body));
      return;
    }
    const watchParam = url.searchParams.get('watch');
    if (request.method === 'GET' && (watchParam === '1' || watchParam === 'true')) {
      watch(path, url.searchParams, response);
      return;
    }
    if (request.method === 'POST') {
      send(...review(path, body));
      return;
    }
    if (path === '/api') {
      send(200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
      });
      return;
    }
    if (path === '/apis') {
      send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupJson) });
      return;
    }
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (discovery) {
      const group = discovery[2] ?? '';
      const version = discovery[1] ?? discovery[3] ?? '';
      const resources = served.filter((s) => s.group === group && s.version === version);
      if (resources.length === 0) {
        send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
        return;
      }
      send(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group === '' ? version : `${group}/${version}`,
        resources: resources.flatMap(resourceJson),
      });
      return;
    }
    const groupOnly = /^\/apis\/([^/]+)$/.exec(path);
    if (groupOnly) {
      const found = groups().find((g) => g.name === groupOnly[1]);
      if (found) send(200, { kind: 'APIGroup', apiVersion: 'v1', ...groupJson(found) });
      else send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    send(...list(path, url.searchParams));
  };

  const groups = (): { name: string; versions: string[] }[] => {
    const byName = new Map<string, string[]>();
    for (const s of served) {
      if (s.group === '') continue;
      const versions = byName.get(s.group) ?? [];
      if (!versions.includes(s.version)) versions.push(s.version);
      byName.set(s.group, versions);
    }
    return [...byName].map(([name, versions]) => ({ name, versions }));
  };

  const list = (path: string, query: URLSearchParams): [number, JsonObject] => {
    const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(path);
    const resource = match
      ? served.find(
          (s) =>
            s.group === (match[2] ?? '') && s.version === (match[1] ?? match[3]) && s.resource === match[5],
        )
      : undefined;
    if (!match || !resource)
      return [404, status(404, 'NotFound', 'the server could not find the requested resource')];
    const namespace = match[4] === undefined ? undefined : decodeURIComponent(match[4]);
    if (forbidden.has(resource.resource)) {
      const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
      return [
        403,
        {
          ...status(
            403,
            'Forbidden',
            `${resource.resource} is forbidden: User "${user.username}" cannot list resource "${resource.resource}" in API group "${resource.group}" ${scope}`,
          ),
          details: { kind: resource.resource, ...(resource.group ? { group: resource.group } : {}) },
        },
      ];
    }
    const token = query.get('continue');
    let offset = 0;
    let snapshot = resourceVersion;
    if (token) {
      const decoded = decodeContinue(token);
      if (!decoded || decoded.serial < oldestValidToken)
        return [
          410,
          status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
          ),
        ];
      ({ offset, rv: snapshot } = decoded);
    }
    const selector = query.get('fieldSelector') ?? undefined;
    const all = [...(store.get(storeKey(resource))?.values() ?? [])]
      .filter((o) => namespace === undefined || asObject(o.metadata).namespace === namespace)
      .filter((o) => matchesFieldSelector(o, selector))
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const requested = Number(query.get('limit') ?? '0');
    const cap = options.maxPageSize ?? Number.POSITIVE_INFINITY;
    const size = requested > 0 ? Math.min(requested, cap) : Math.min(all.length, cap);
    const page = all.slice(offset, offset + size);
    const more = offset + size < all.length;
    return [
      200,
      {
        kind: `${resource.kind}List`,
        apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`,
        metadata: {
          resourceVersion: String(snapshot),
          ...(more
            ? {
                continue: encodeContinue({ rv: snapshot, offset: offset + size, serial: tokensIssued++ }),
                remainingItemCount: all.length - offset - size,
              }
            : {}),
        },
        // A real server omits apiVersion/kind on the items of a list.
        items: page.map(withoutTypeMeta),
      },
    ];
  };

  const watch = (path: string, query: URLSearchParams, response: ServerResponse): void => {
    const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(path);
    const resource = match
      ? served.find(
          (s) =>
            s.group === (match[2] ?? '') && s.version === (match[1] ?? match[3]) && s.resource === match[5],
        )
      : undefined;
    if (!match || !resource) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(status(404, 'NotFound', 'the server could not find the requested resource')),
      );
      return;
    }
    if (forbidden.has(resource.resource)) {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status(403, 'Forbidden', `${resource.resource} is forbidden`)));
      return;
    }
    const namespace = match[4] === undefined ? undefined : decodeURIComponent(match[4]);
    const selector = query.get('fieldSelector') ?? undefined;
    const from = Number(query.get('resourceVersion') ?? '0');
    const bookmarks = query.get('allowWatchBookmarks') === 'true' || query.get('allowWatchBookmarks') === '1';
    const apiVersion = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // A real server answers a watch at once, before any event: the client knows the watch is open.
    response.flushHeaders();
    const write = (event: JsonObject): void => {
      response.write(`${JSON.stringify(event)}\n`);
    };
    // resourceVersion 0 (or none) means "from any version": the current state as ADDED, then changes.
    if (from !== 0 && from <= compactedThrough) {
      write({
        type: 'ERROR',
        object: status(
          410,
          'Expired',
          `too old resource version: ${String(from)} (${String(compactedThrough + 1)})`,
        ),
      });
      response.end();
      return;
    }
    const matches = (object: JsonObject): boolean => {
      const group = asString(object.apiVersion)?.includes('/')
        ? asString(object.apiVersion)?.split('/')[0]
        : '';
      return (
        object.kind === resource.kind &&
        group === resource.group &&
        (namespace === undefined || asObject(object.metadata).namespace === namespace) &&
        matchesFieldSelector(object, selector)
      );
    };
    const stream: WatchStream = {
      response,
      bookmarks,
      deliver(change) {
        if (change.resourceVersion <= from || !matches(change.object)) return;
        write({ type: change.type, object: { ...change.object, apiVersion } });
      },
      bookmark() {
        write({
          type: 'BOOKMARK',
          object: { kind: resource.kind, apiVersion, metadata: { resourceVersion: String(resourceVersion) } },
        });
      },
    };
    if (from === 0) {
      for (const object of store.get(storeKey(resource))?.values() ?? [])
        if (matches(object)) write({ type: 'ADDED', object: { ...object, apiVersion } });
    } else for (const change of changes) stream.deliver(change);
    watches.add(stream);
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
    const timers: NodeJS.Timeout[] = [];
    if (timeoutSeconds > 0) timers.push(setTimeout(() => response.end(), timeoutSeconds * 1000));
    if (bookmarks && options.bookmarkIntervalMs)
      timers.push(
        setInterval(() => {
          stream.bookmark();
        }, options.bookmarkIntervalMs),
      );
    response.on('close', () => {
      watches.delete(stream);
      for (const timer of timers) clearTimeout(timer);
    });
  };

  const leaseRequest = (
    method: string,
    namespace: string,
    name: string | undefined,
    body: JsonObject,
  ): [number, JsonObject] => {
    const notFound = (): [number, JsonObject] => [
      404,
      status(404, 'NotFound', `leases.coordination.k8s.io "${name ?? ''}" not found`),
    ];
    const conflict = (message: string): [number, JsonObject] => [409, status(409, 'Conflict', message)];
    const store = (lease: JsonObject, leaseName: string): JsonObject => {
      resourceVersion++;
      const stored: JsonObject = {
        ...lease,
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          ...asObject(lease.metadata),
          name: leaseName,
          namespace,
          resourceVersion: String(resourceVersion),
        },
      };
      leases.set(`${namespace}/${leaseName}`, stored);
      return stored;
    };
    if (method === 'POST' && name === undefined) {
      const leaseName = asString(asObject(body.metadata).name) ?? '';
      if (leases.has(`${namespace}/${leaseName}`))
        return conflict(`leases.coordination.k8s.io "${leaseName}" already exists`);
      return [201, store(body, leaseName)];
    }
    if (name === undefined) return [405, status(405, 'MethodNotAllowed', 'method not allowed')];
    const current = leases.get(`${namespace}/${name}`);
    if (method === 'GET') return current ? [200, current] : notFound();
    if (method === 'PUT') {
      if (!current) return notFound();
      const sent = asString(asObject(body.metadata).resourceVersion);
      if (sent !== asString(asObject(current.metadata).resourceVersion))
        return conflict(
          `Operation cannot be fulfilled on leases.coordination.k8s.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        );
      return [200, store(body, name)];
    }
    return [405, status(405, 'MethodNotAllowed', 'method not allowed')];
  };

  const review = (path: string, body: JsonObject): [number, JsonObject] => {
    if (path === '/apis/authentication.k8s.io/v1/selfsubjectreviews')
      return [201, { ...body, status: { userInfo: { username: user.username, groups: [...user.groups] } } }];
    const sar = /^\/apis\/authorization\.k8s\.io\/v1\/(selfsubjectaccessreviews|subjectaccessreviews)$/.exec(
      path,
    );
    if (!sar) return [404, status(404, 'NotFound', 'the server could not find the requested resource')];
    const spec = asObject(body.spec);
    const attributes = asObject(spec.resourceAttributes);
    const subject = sar[1] === 'subjectaccessreviews' ? asString(spec.user) : user.username;
    const allowed = options.authorize
      ? options.authorize(attributes, subject)
      : !forbidden.has(asString(attributes.resource) ?? '');
    return [201, { ...body, status: { allowed, ...(allowed ? { reason: 'RBAC: allowed by test' } : {}) } }];
  };

  const tls = options.tls ?? true;
  const pki = tls ? testPki() : undefined;
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status(500, 'InternalError', String(error))));
    });
  };
  const server = pki
    ? createHttpsServer({ key: pki.serverKey, cert: pki.serverCert }, listener)
    : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${String(port)}`;

  return {
    url,
    ca: pki?.caCert,
    requests,
    changes,
    apply,
    remove(apiVersion, kind, namespace, name) {
      const resource = resourceOf(apiVersion, kind);
      const objects = resource ? store.get(storeKey(resource)) : undefined;
      const object = objects?.get(`${namespace}/${name}`);
      if (!objects || !object) return;
      objects.delete(`${namespace}/${name}`);
      resourceVersion++;
      const metadata = { ...asObject(object.metadata), resourceVersion: String(resourceVersion) };
      record({ type: 'DELETED', resourceVersion, object: { ...object, metadata } });
    },
    expireContinueTokens() {
      oldestValidToken = tokensIssued;
    },
    compact() {
      compactedThrough = resourceVersion;
      changes.length = 0;
      oldestValidToken = tokensIssued;
    },
    dropWatches() {
      for (const watch of watches) watch.response.socket?.destroy();
      watches.clear();
    },
    bookmark() {
      for (const watch of watches) if (watch.bookmarks) watch.bookmark();
    },
    get openWatches() {
      return watches.size;
    },
    get resourceVersion() {
      return resourceVersion;
    },
    kubeconfig(config = {}) {
      const context = config.context ?? 'fake';
      const token = config.token ?? options.token;
      return [
        'apiVersion: v1',
        'kind: Config',
        `current-context: ${context}`,
        'clusters:',
        `  - name: ${context}-cluster`,
        '    cluster:',
        `      server: ${url}`,
        pki
          ? `      certificate-authority-data: ${Buffer.from(pki.caCert).toString('base64')}`
          : '      insecure-skip-tls-verify: true',
        'users:',
        `  - name: ${context}-user`,
        token === undefined ? '    user: {}' : `    user:\n      token: ${token}`,
        'contexts:',
        `  - name: ${context}`,
        '    context:',
        `      cluster: ${context}-cluster`,
        `      user: ${context}-user`,
        ...(config.namespace ? [`      namespace: ${config.namespace}`] : []),
        '',
      ].join('\n');
    },
    close() {
      return new Promise((resolve) => {
        for (const watch of watches) watch.response.end();
        watches.clear();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

interface WatchStream {
  readonly response: ServerResponse;
  readonly bookmarks: boolean;
  deliver(change: Change): void;
  bookmark(): void;
}

const LEASE_PATH = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/;

function status(code: number, reason: string, message: string): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function groupJson(group: { name: string; versions: string[] }): JsonObject {
  const versions = group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version }));
  return { name: group.name, versions, preferredVersion: versions[0] ?? {} };
}

function resourceJson(s: ServedKind): JsonObject[] {
  const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return [
    { name: s.resource, singularName: s.kind.toLowerCase(), namespaced: s.namespaced, kind: s.kind, verbs },
    // A subresource has the same kind: discovery must not mistake it for the resource.
    {
      name: `${s.resource}/status`,
      singularName: '',
      namespaced: s.namespaced,
      kind: s.kind,
      verbs: ['get', 'patch', 'update'],
    },
  ];
}

function withoutTypeMeta(object: JsonObject): JsonObject {
  const item: JsonObject = { ...object };
  delete item.apiVersion;
  delete item.kind;
  return item;
}

function sortKey(object: JsonObject): string {
  const metadata = asObject(object.metadata);
  return `${asString(metadata.namespace) ?? ''}/${asString(metadata.name) ?? ''}`;
}

interface ContinueToken {
  readonly rv: number;
  readonly offset: number;
  readonly serial: number;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(token: string): ContinueToken | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    const value = asObject(parsed);
    return typeof value.rv === 'number' &&
      typeof value.offset === 'number' &&
      typeof value.serial === 'number'
      ? { rv: value.rv, offset: value.offset, serial: value.serial }
      : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<JsonObject> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  return isObject(parsed) ? parsed : {};
}

interface TestPki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly dir: string;
}

let pkiCache: TestPki | undefined;

/** A CA and a server certificate for 127.0.0.1/localhost, made once per process with openssl. */
export function testPki(): TestPki {
  if (pkiCache) return pkiCache;
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-fake-api-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=fake-api-ca');
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=fake-api-server');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    'server.crt',
    '-extfile',
    'server.ext',
  );
  pkiCache = {
    dir,
    caCert: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    serverCert: readFileSync(join(dir, 'server.crt'), 'utf8'),
    serverKey: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
  return pkiCache;
}

/**
 * Every object of the YAML manifests under `paths` (files or directories), as the API server would
 * store them: namespaced objects without a namespace go to `default`, cluster-scoped keep none.
 */
export function manifestObjects(paths: readonly string[]): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    if (!/\.(ya?ml|json)$/.test(path)) return;
    for (const document of loadAll(readFileSync(path, 'utf8'))) {
      if (isObject(document)) out.push(document);
    }
  };
  for (const path of paths) visit(path);
  return out;
}
