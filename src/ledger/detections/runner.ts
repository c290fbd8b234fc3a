/**
 * Runs the detections on each change the ingest adds to the ledger (a ChangeObserver, see
 * ../types.ts). Before calling the pure detections it looks up, only for the changes that need them,
 * the facts that live in the ledger: recent denials of the actor, which Secrets serve TLS, the Role a
 * binding refers to. The ledger is the only state, so an ingest resumed in another process (or fed by
 * the audit webhook) judges the same way as one uninterrupted run.
 */
import type { Alert } from '../alerts/alert.ts';
import type { Change, ChangeContext, ChangeObserver, JsonObject, LedgerReader, ObjectKey } from '../types.ts';
import {
  buildAlert,
  type DetectionDefinition,
  type DetectionFacts,
  type RoleRules,
  type TlsSecretUse,
} from './detection.ts';
import { DETECTIONS } from './index.ts';
import type { AccountabilitySettings } from './settings.ts';
import { concerns, isBinding, isIngressRelated, isSecret, RBAC_GROUP, succeeded } from './support/objects.ts';
import { builtInClusterRole, roleRefOf, rulesOf } from './support/rbac.ts';
import { referencedTlsSecrets } from '../tracked.ts';

/** Runs every given detection on one change with its facts; detections that throw are reported, not fatal. */
export function runDetections(
  detections: readonly DetectionDefinition[],
  change: Change,
  facts: DetectionFacts,
  onError: (detection: DetectionDefinition, error: unknown) => void = () => undefined,
): Alert[] {
  const alerts: Alert[] = [];
  for (const detection of detections) {
    if (!concerns(detection.subject, change)) continue;
    try {
      alerts.push(
        ...detection.detect(change, { ...facts, alert: (draft) => buildAlert(detection, change, draft) }),
      );
    } catch (error) {
      onError(detection, error);
    }
  }
  return alerts;
}

export interface DetectionRunnerOptions {
  readonly settings: AccountabilitySettings;
  /** The detections to run; all by default. */
  readonly detections?: readonly DetectionDefinition[];
  /** Called for each alert as soon as it is raised (a sink's send, a collector). */
  readonly onAlert: (alert: Alert) => void;
  /** A detection that threw: reported, and the other detections still run. */
  readonly onError?: (detection: DetectionDefinition, error: unknown) => void;
}

/** Where TLS Secrets are used: `namespace/name` → the objects using it, from the ledger's latest states. */
class TlsSecretIndex {
  private readonly users = new Map<string, Map<string, string>>();
  private seeded = false;

  /** Loads every Ingress and Gateway the ledger knows, once; later changes keep the index current. */
  async seed(ledger: LedgerReader): Promise<void> {
    if (this.seeded) return;
    this.seeded = true;
    for (const resource of ['ingresses', 'gateways']) {
      for (const summary of await ledger.listObjects({ resource })) {
        if (summary.deleted) continue;
        const latest = await ledger.latestVersion(summary.object);
        if (latest?.state) this.update(summary.object, summary.object.kind, latest.state);
      }
    }
  }

  /** Follows a change of an Ingress or a Gateway (after seeding; before it, seeding reads the ledger). */
  observe(change: Change): void {
    if (!this.seeded || !change.write || !succeeded(change) || change.object.subresource !== null) return;
    const { resource } = change.object;
    if (resource !== 'ingresses' && resource !== 'gateways') return;
    if (change.deleted) this.update(change.object, change.object.kind, null);
    else if (change.state) this.update(change.object, change.object.kind, change.state);
  }

  private update(key: ObjectKey, kind: string, state: JsonObject | null): void {
    const user = `${kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
    for (const map of this.users.values()) map.delete(user);
    for (const ref of referencedTlsSecrets(key, state)) {
      const secretKey = `${ref.namespace}/${ref.name}`;
      let map = this.users.get(secretKey);
      if (!map) this.users.set(secretKey, (map = new Map<string, string>()));
      map.set(user, user);
    }
  }

  /** The TLS Secrets a read returned: the named one, or those of the namespace (every one cluster-wide). */
  read(namespace: string | null, name: string): TlsSecretUse[] {
    const uses: TlsSecretUse[] = [];
    for (const [secretKey, users] of this.users) {
      if (users.size === 0) continue;
      const slash = secretKey.indexOf('/');
      const secretNamespace = secretKey.slice(0, slash);
      const secret = secretKey.slice(slash + 1);
      if (namespace !== null && namespace !== secretNamespace) continue;
      if (name !== '' && name !== secret) continue;
      uses.push({ namespace: secretNamespace, secret, users: [...users.keys()].sort() });
    }
    return uses.sort((a, b) => (a.namespace + a.secret < b.namespace + b.secret ? -1 : 1));
  }
}

const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

export class DetectionRunner implements ChangeObserver {
  private readonly options: DetectionRunnerOptions;
  private readonly detections: readonly DetectionDefinition[];
  private readonly tlsSecrets = new TlsSecretIndex();
  private alertCount = 0;

  constructor(options: DetectionRunnerOptions) {
    this.options = options;
    this.detections = options.detections ?? DETECTIONS;
  }

  get alerts(): number {
    return this.alertCount;
  }

  async onChange(change: Change, context: ChangeContext): Promise<void> {
    this.tlsSecrets.observe(change);
    if (!this.detections.some((detection) => concerns(detection.subject, change))) return;
    const facts: DetectionFacts = {
      settings: this.options.settings,
      actorBefore: context.actorBefore,
      deniedInWindow: await this.deniedInWindow(change, context.ledger),
      tlsSecretsRead: await this.tlsSecretsRead(change, context.ledger),
      boundRole: await this.boundRole(change, context.ledger),
    };
    for (const alert of runDetections(this.detections, change, facts, this.options.onError)) {
      this.alertCount++;
      this.options.onAlert(alert);
    }
  }

  private async deniedInWindow(change: Change, ledger: LedgerReader): Promise<number> {
    if (!change.write || !change.outcome.denied || !isIngressRelated(change.object)) return 0;
    const end = Date.parse(change.time);
    const start = end - this.options.settings.deniedBurst.windowMs;
    const recent = await ledger.changesByActor(change.actor.username, {
      since: new Date(start).toISOString(),
      write: true,
    });
    let count = 0;
    for (const earlier of recent) {
      const time = Date.parse(earlier.time);
      if (time < start || time > end || earlier.actor.username !== change.actor.username) continue;
      if (earlier.outcome.denied && isIngressRelated(earlier.object)) count++;
    }
    // The ledger already holds this change; count it once even if a store returns it late or not at all.
    return recent.some((earlier) => earlier.ref === change.ref) ? count : count + 1;
  }

  private async tlsSecretsRead(change: Change, ledger: LedgerReader): Promise<TlsSecretUse[]> {
    if (!isSecret(change.object) || !READ_VERBS.has(change.verb) || !succeeded(change)) return [];
    await this.tlsSecrets.seed(ledger);
    return this.tlsSecrets.read(change.object.namespace, change.object.name);
  }

  private async boundRole(change: Change, ledger: LedgerReader): Promise<RoleRules | undefined> {
    if (!isBinding(change.object) || change.state === null || !succeeded(change)) return undefined;
    const ref = roleRefOf(change.state);
    if (!ref) return undefined;
    const namespace = ref.kind === 'Role' ? change.object.namespace : null;
    const latest = await ledger.latestVersion({
      apiGroup: RBAC_GROUP,
      resource: ref.kind === 'Role' ? 'roles' : 'clusterroles',
      namespace,
      name: ref.name,
    });
    if (latest?.state)
      return { kind: ref.kind, namespace, name: ref.name, rules: rulesOf(latest.state), source: 'ledger' };
    if (latest === null && ref.kind === 'ClusterRole') return builtInClusterRole(ref.name);
    return undefined;
  }
}
