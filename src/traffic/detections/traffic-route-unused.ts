import { defineTrafficDetection, routeLabel, routeOf, type TrafficAlert } from '../detection.ts';

const ID = 'traffic-route-unused';

export default defineTrafficDetection({
  id: ID,
  severity: 'info',
  needsRouteTable: true,
  docs: {
    summary:
      'A route of the configuration (an Ingress rule or an HTTPRoute rule that can serve requests) received no request in the whole log, while other routes of its frontend did: attack surface nobody uses.',
    threshold: 'routes with no traffic in the window (attack surface that nobody uses)',
    investigate:
      'An unused route still exposes its backend: remove it if the application is retired, or check that the log covers the right controller and period. Routes of frontends with no traffic at all in the log are not judged.',
    references: [
      'https://owasp.org/www-project-top-ten/2017/A6_2017-Security_Misconfiguration',
      'https://kubernetes.io/docs/concepts/services-networking/ingress/',
    ],
  },
  create({ severity, table }) {
    return {
      observe() {
        // Judged at the end from the entries that received requests.
      },
      alerts(time) {
        if (!time.final || !table || time.first === undefined || time.last === undefined) return [];
        const frontends = new Set<string>();
        for (const id of time.usedEntries) {
          const entry = table.entries[id];
          if (entry) frontends.add(entry.frontendKey);
        }
        const window = { start: new Date(time.first).toISOString(), end: new Date(time.last).toISOString() };
        const alerts: TrafficAlert[] = [];
        for (const entry of table.entries) {
          if (time.usedEntries.has(entry.id) || !frontends.has(entry.frontendKey)) continue;
          if (entry.dead !== undefined || entry.shadowed !== undefined) continue;
          const route = routeOf(entry);
          if (!route) continue;
          alerts.push({
            detectionId: ID,
            severity,
            key: `${ID}:${String(entry.id)}`,
            summary: `${routeLabel(route)} received no request in the log`,
            count: 0,
            window,
            ips: [],
            ipCount: 0,
            route,
            host: route.host,
            path: route.path,
            upstream: null,
            samples: [],
            details: {
              backends: entry.backends.map((b) => `${b.namespace}/${b.name}:${String(b.port ?? '')}`),
            },
          });
        }
        return alerts;
      },
    };
  },
});
