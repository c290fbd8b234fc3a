import { defineTrafficDetection } from '../detection.ts';
import { probeDetector } from '../probe-detector.ts';

export default defineTrafficDetection({
  id: 'traffic-xss-probe',
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'Requests whose decoded URL carries cross-site scripting (a <script> tag, an event handler such as onerror=, a javascript: URL, alert()/document.cookie), counted per client IP.',
    threshold: 'decoded URL matches injection patterns (count per IP)',
    investigate:
      'Find the pages that echo the parameters in the sample lines and check they encode output; a Content-Security-Policy limits what injected markup can do.',
    references: [
      'https://owasp.org/www-community/attacks/xss/',
      'https://cwe.mitre.org/data/definitions/79.html',
      'https://github.com/coreruleset/coreruleset/blob/main/rules/REQUEST-941-APPLICATION-ATTACK-XSS.conf',
    ],
  },
  create: (context) => probeDetector('traffic-xss-probe', 'xss', context),
});
