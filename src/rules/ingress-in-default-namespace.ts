import { defineRule } from '../engine/rule.ts';
import { asObject } from '../model/resource.ts';

export default defineRule({
  id: 'ingress-in-default-namespace',
  severity: 'info',
  category: 'exposure',
  preset: 'recommended',
  docs: {
    summary:
      'An Ingress lives in the `default` namespace (manifests without a namespace land there too), where RBAC, quotas and NetworkPolicies are rarely scoped to one team.',
    remediation:
      'Move the Ingress, with its Services and Secrets, to a namespace of its own and set `metadata.namespace` explicitly.',
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces',
      'https://docs.kubelinter.io/#/generated/checks?id=use-namespace',
      'https://kyverno.io/policies/best-practices/disallow-default-namespace/disallow-default-namespace/',
    ],
  },
  messages: {
    explicit: 'Ingress is in the "default" namespace.',
    implicit:
      'Ingress has no metadata.namespace, so it lands in the "default" namespace unless applied with -n.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        if (ingress.resource.namespace !== 'default') return;
        const explicit = asObject(ingress.resource.body.metadata).namespace !== undefined;
        report(
          explicit
            ? { path: 'metadata.namespace', messageId: 'explicit' }
            : { path: 'metadata', messageId: 'implicit' },
        );
      },
    };
  },
});
