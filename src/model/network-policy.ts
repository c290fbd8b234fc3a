/**
 * NetworkPolicy ingress coverage of pods: which policies isolate a pod for ingress, and whether
 * together they still let every source in. Pure: reads the model, never the cluster.
 *
 * Semantics (Kubernetes): a pod is isolated for ingress as soon as one policy of its namespace selects
 * it with `Ingress` among its policyTypes; what it then accepts is the union of the ingress rules of
 * all such policies. So one policy admitting everything opens the pod whatever the others say.
 */
import type { Model } from './model.ts';
import { asArray, asObject, asString, type JsonObject, type Resource } from './resource.ts';
import { selectorMatches } from './workloads.ts';

export interface IngressPolicyEffect {
  readonly policy: Resource;
  /**
   * The policy admits every source: an ingress rule without `from` (whatever its ports), or a peer
   * that matches all pods of all namespaces or all addresses.
   */
  readonly allowsAll: boolean;
}

/** NetworkPolicies of `namespace` that select a pod with these labels and govern its ingress. */
export function ingressPoliciesFor(
  model: Model,
  namespace: string,
  podLabels: Readonly<Record<string, string>>,
): IngressPolicyEffect[] {
  return model
    .list('NetworkPolicy', namespace)
    .filter((policy) => {
      const spec = asObject(policy.body.spec);
      return governsIngress(spec) && selectorMatches(spec.podSelector, podLabels);
    })
    .map((policy) => ({ policy, allowsAll: admitsEverySource(asObject(policy.body.spec)) }));
}

/**
 * The policies that restrict ingress to a pod with these labels; empty when its ingress is not
 * restricted (no policy isolates it, or one of them admits every source).
 */
export function ingressRestrictionFor(
  model: Model,
  namespace: string,
  podLabels: Readonly<Record<string, string>>,
): Resource[] {
  const effects = ingressPoliciesFor(model, namespace, podLabels);
  if (effects.some((effect) => effect.allowsAll)) return [];
  return effects.map((effect) => effect.policy);
}

/** `policyTypes` absent (or empty) means Ingress, plus Egress when egress rules are present. */
function governsIngress(spec: JsonObject): boolean {
  const types = asArray(spec.policyTypes);
  return types.length === 0 || types.includes('Ingress');
}

function admitsEverySource(spec: JsonObject): boolean {
  return asArray(spec.ingress).some((entry) => {
    const peers = asArray(asObject(entry).from);
    // No `from`: every source may connect (on the rule's ports, which include the served one in practice).
    return peers.length === 0 || peers.some((peer) => peerMatchesEverything(asObject(peer)));
  });
}

function peerMatchesEverything(peer: JsonObject): boolean {
  if (peer.ipBlock !== undefined) {
    const block = asObject(peer.ipBlock);
    const cidr = asString(block.cidr) ?? '';
    return /\/0$/.test(cidr) && asArray(block.except).length === 0;
  }
  // An empty namespaceSelector means every namespace; with no (or an empty) podSelector, every pod there.
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
