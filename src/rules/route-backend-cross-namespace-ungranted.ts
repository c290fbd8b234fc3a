import { defineRule } from '../engine/rule.ts';
import { GATEWAY_API_GROUP, isReferenceGranted } from '../model/gateway-api.ts';
import { routeVisitors } from './support/gateway-api.ts';

export default defineRule({
  id: 'route-backend-cross-namespace-ungranted',
  severity: 'error',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      "A route backendRef points into another namespace where no ReferenceGrant allows routes of this kind from the route's namespace, so the implementation refuses the backend (RefNotPermitted).",
    remediation:
      "Add a ReferenceGrant in the backend's namespace from the route's kind and namespace to that Service (name it, rather than granting every Service), or move the route next to its backend.",
    references: [
      'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
      'https://gateway-api.sigs.k8s.io/guides/multiple-ns/#cross-namespace-routing',
    ],
  },
  messages: {
    ungranted:
      '{{kind}} in namespace "{{routeNamespace}}" refers to {{targetKind}} "{{namespace}}/{{name}}" but no ReferenceGrant in "{{namespace}}" allows it.',
  },
  needs: ['ReferenceGrant'],
  create({ model, report }) {
    return routeVisitors(model, (route) => {
      const from = { group: GATEWAY_API_GROUP, kind: route.kind, namespace: route.resource.namespace };
      for (const rule of route.rules) {
        for (const ref of rule.backendRefs) {
          if (!ref.crossNamespace) continue;
          if (isReferenceGranted(model, from, ref)) continue;
          report({
            path: `${ref.fieldPath}.namespace`,
            messageId: 'ungranted',
            data: {
              kind: route.kind,
              routeNamespace: route.resource.namespace,
              targetKind: ref.kind,
              namespace: ref.namespace,
              name: ref.name,
            },
            related: [
              {
                apiVersion: ref.group === '' ? 'v1' : ref.group,
                kind: ref.kind,
                namespace: ref.namespace,
                name: ref.name,
              },
            ],
          });
        }
      }
    });
  },
});
