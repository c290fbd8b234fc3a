import { defineTrafficDetection } from '../detection.ts';
import { errorSpikeDetector } from '../error-spike.ts';

export default defineTrafficDetection({
  id: 'traffic-5xx-spike',
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'A route answered with server errors (5xx) far more often than usual: in a 5-minute window, more than 5% of at least 20 requests, and more than 3× the error share of the trailing hour.',
    threshold: "in a 5-minute window, 5xx > 5% of ≥ 20 requests and > 3× the trailing hour's rate, per route",
    investigate:
      'Look at the backend Service of the route (pods restarting, failing readiness, a bad rollout) and at upstream_status in the sample lines: 502/504 point at the backend, 503 at no ready endpoints.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/monitoring/',
      'https://sre.google/sre-book/monitoring-distributed-systems/',
    ],
  },
  create: (context) => errorSpikeDetector({ id: 'traffic-5xx-spike' }, 5, context),
});
