import { defineRule } from '../engine/rule.ts';
import { displayHost, normalisedRoutes, pathValueFieldPath, routeKey } from '../model/paths.ts';

export default defineRule({
  id: 'ingress-duplicate-path',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'The same host + path + pathType appears twice inside one Ingress: only one of them can be served, and the later one is dead configuration.',
    remediation: 'Remove the duplicate path, or merge the rules for the host into one.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#multiple-matches'],
  },
  messages: {
    duplicate:
      '{{pathType}} path "{{path}}" of host "{{host}}" is already defined at {{first}}; this one is never used.',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        const seen = new Map<string, string>();
        for (const route of normalisedRoutes(ingress)) {
          const key = routeKey(route);
          const first = seen.get(key);
          if (first === undefined) {
            seen.set(key, route.source.fieldPath);
            continue;
          }
          report({
            path: pathValueFieldPath(route.source),
            messageId: 'duplicate',
            data: { host: displayHost(route.host), path: route.path, pathType: route.pathType, first },
          });
        }
      },
    };
  },
});
