import { defineRule } from '../engine/rule.ts';
import { hostnameFieldPath } from '../model/gateway-api.ts';
import { routeVisitors } from './support/gateway-api.ts';

export default defineRule({
  id: 'route-hostname-wildcard',
  severity: 'warning',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A route hostname starts with "*.": in Gateway API it matches any number of labels (a.example.com and a.b.example.com), so the route answers for every subdomain, including ones meant for other services.',
    remediation:
      'List the exact hostnames the route serves; keep wildcards for catch-all routes owned by the platform team.',
    references: [
      'https://gateway-api.sigs.k8s.io/concepts/hostnames/#hostname-wildcards',
      'https://gateway-api.sigs.k8s.io/reference/spec/#hostname',
    ],
  },
  messages: {
    wildcard:
      'Hostname "{{hostname}}" is a wildcard: it matches every subdomain of {{domain}}, at any depth.',
  },
  create({ model, report }) {
    return routeVisitors(model, (route) => {
      route.hostnames.forEach((hostname, index) => {
        if (!hostname.startsWith('*.')) return;
        report({
          path: hostnameFieldPath(index),
          messageId: 'wildcard',
          data: { hostname, domain: hostname.slice(2) },
        });
      });
    });
  },
});
