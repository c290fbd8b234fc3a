/**
 * Who may reach the ingress-nginx admission webhook. Port-aware on top of network-policy.ts: the
 * controller pods must accept web traffic from everywhere on 80/443, so what matters is whether the
 * policies that isolate them still admit every source on the webhook port (the CVE-2025-1974 vector).
 */
import type { Model } from './model.ts';
import type { NginxControllerView } from './controllers.ts';
import { ingressPoliciesFor } from './network-policy.ts';
import { asArray, asObject, asString, stringMap, type JsonObject, type Resource } from './resource.ts';
import { serviceSelects } from './workloads.ts';

/** The container port name the official manifests give the webhook. */
const WEBHOOK_PORT_NAME = 'webhook';

export type WebhookExposure =
  | { readonly kind: 'restricted' }
  | { readonly kind: 'unisolated' }
  | { readonly kind: 'open-policy'; readonly policy: Resource };

/** The webhook's listening port from `--validating-webhook=:8443`, or undefined when it is disabled. */
export function webhookPort(controller: NginxControllerView): number | undefined {
  const address = controller.args.get('validating-webhook');
  if (typeof address !== 'string' || address === '') return undefined;
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export function webhookExposure(
  model: Model,
  controller: NginxControllerView,
  port: number,
): WebhookExposure {
  const { namespace } = controller.workload.resource;
  const policies = ingressPoliciesFor(model, namespace, controller.workload.podLabels);
  if (policies.length === 0) return { kind: 'unisolated' };
  const open = policies.find(({ policy }) => admitsEverySourceOn(asObject(policy.body.spec), port));
  return open ? { kind: 'open-policy', policy: open.policy } : { kind: 'restricted' };
}

/** The admission Service in front of the webhook: selects the controller pods and targets the webhook port. */
export function webhookService(
  model: Model,
  controller: NginxControllerView,
  port: number,
): Resource | undefined {
  return model.list('Service', controller.workload.resource.namespace).find((service) => {
    const spec = asObject(service.body.spec);
    if (!serviceSelects(stringMap(spec.selector), controller.workload.podLabels)) return false;
    return asArray(spec.ports).some((entry) => {
      const target = asObject(entry).targetPort;
      return target === port || target === WEBHOOK_PORT_NAME || target === String(port);
    });
  });
}

function admitsEverySourceOn(spec: JsonObject, port: number): boolean {
  return asArray(spec.ingress).some((entry) => {
    const rule = asObject(entry);
    if (!coversPort(asArray(rule.ports), port)) return false;
    const peers = asArray(rule.from);
    return peers.length === 0 || peers.some((peer) => peerMatchesEverything(asObject(peer)));
  });
}

/** No `ports` means all ports; a named port is taken to be the webhook's when it is called `webhook`. */
function coversPort(ports: readonly unknown[], port: number): boolean {
  if (ports.length === 0) return true;
  return ports.some((entry) => {
    const value = asObject(entry).port;
    if (value === undefined) return true;
    if (typeof value === 'string') return value === WEBHOOK_PORT_NAME || value === String(port);
    if (typeof value !== 'number') return false;
    const end = asObject(entry).endPort;
    return typeof end === 'number' ? value <= port && port <= end : value === port;
  });
}

function peerMatchesEverything(peer: JsonObject): boolean {
  if (peer.ipBlock !== undefined) {
    const block = asObject(peer.ipBlock);
    return /\/0$/.test(asString(block.cidr) ?? '') && asArray(block.except).length === 0;
  }
  return (
    peer.namespaceSelector !== undefined &&
    isEmptySelector(peer.namespaceSelector) &&
    (peer.podSelector === undefined || isEmptySelector(peer.podSelector))
  );
}

function isEmptySelector(selector: unknown): boolean {
  const object = asObject(selector);
  return (
    Object.keys(asObject(object.matchLabels)).length === 0 && asArray(object.matchExpressions).length === 0
  );
}
