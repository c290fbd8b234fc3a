import { defineTrafficDetection } from '../detection.ts';
import { probeDetector } from '../probe-detector.ts';

export default defineTrafficDetection({
  id: 'traffic-sqli-probe',
  severity: 'warning',
  needsRouteTable: false,
  docs: {
    summary:
      'Requests whose decoded URL carries SQL injection (a closed quote and a tautology, UNION SELECT, time-based SLEEP, stacked statements, catalog tables…), counted per client IP.',
    threshold: 'decoded URL matches injection patterns (count per IP)',
    investigate:
      'Check the answers in the sample lines: a 500 or an unusually large or slow 200 suggests the input reached a query. Make sure the application uses parameterised queries; a WAF (ModSecurity with the OWASP CRS) can block the rest.',
    references: [
      'https://owasp.org/www-community/attacks/SQL_Injection',
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://github.com/coreruleset/coreruleset/blob/main/rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf',
    ],
  },
  create: (context) => probeDetector('traffic-sqli-probe', 'sqli', context),
});
