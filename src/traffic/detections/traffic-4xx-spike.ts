import { defineTrafficDetection } from '../detection.ts';
import { errorSpikeDetector } from '../error-spike.ts';

export default defineTrafficDetection({
  id: 'traffic-4xx-spike',
  severity: 'info',
  needsRouteTable: false,
  docs: {
    summary:
      'A route answered with client errors (4xx) far more often than usual: in a 5-minute window, more than 5% of at least 20 requests, and more than 3× the 4xx share of the trailing hour.',
    threshold: 'the same as traffic-5xx-spike, for 4xx',
    investigate:
      'A sudden wave of 401/403 is often credential guessing (see traffic-brute-force), of 404 a scanner or a broken release linking to missing pages; the sample lines and top client IPs tell which.',
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/04-Authentication_Testing/03-Testing_for_Weak_Lock_Out_Mechanism',
      'https://kubernetes.github.io/ingress-nginx/user-guide/monitoring/',
    ],
  },
  create: (context) => errorSpikeDetector({ id: 'traffic-4xx-spike' }, 4, context),
});
