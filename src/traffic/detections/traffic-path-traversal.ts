import { defineTrafficDetection } from '../detection.ts';
import { probeDetector } from '../probe-detector.ts';

export default defineTrafficDetection({
  id: 'traffic-path-traversal',
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'Requests whose decoded URL climbs out of the web root (../, ..\\, overlong UTF-8 forms, NUL bytes) or names system files such as /etc/passwd or win.ini, counted per client IP.',
    threshold: 'decoded URL matches injection patterns (count per IP)',
    investigate:
      'A 2xx answer to such a request may have served a file from outside the application: check the response sizes in the log and the backend that serves the route.',
    references: [
      'https://owasp.org/www-community/attacks/Path_Traversal',
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://github.com/coreruleset/coreruleset/blob/main/rules/REQUEST-930-APPLICATION-ATTACK-LFI.conf',
    ],
  },
  create: (context) => probeDetector('traffic-path-traversal', 'traversal', context),
});
