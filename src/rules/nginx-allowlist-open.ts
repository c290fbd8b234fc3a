import { defineRule } from '../engine/rule.ts';
import { matchesEverything, parseCidrList } from './support/cidr.ts';
import { isNginx, nginxAnnotation, nginxAnnotationPath } from './support/nginx.ts';

const ALLOW_ANNOTATIONS = ['allowlist-source-range', 'whitelist-source-range'];
const DENY_ANNOTATION = 'denylist-source-range';

export default defineRule({
  id: 'nginx-allowlist-open',
  severity: 'error',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An ingress-nginx source-range annotation (allowlist-source-range, whitelist-source-range, denylist-source-range) lists 0.0.0.0/0 or ::/0, which restricts nothing (or blocks everyone), or an entry that is not an IP address or CIDR.',
    remediation:
      'List only the client networks that need access (e.g. "10.0.0.0/8,203.0.113.0/24"), fix or remove malformed entries, and remove the annotation if the host is meant to be public.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#whitelist-source-range',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#denylist-source-range',
      'https://github.com/kubernetes/ingress-nginx/blob/main/internal/ingress/annotations/ipallowlist/main.go',
    ],
  },
  messages: {
    allowsEverything:
      '{{annotation}} contains "{{cidr}}", which matches every client address: the allowlist restricts nothing while it appears to.',
    deniesEverything:
      '{{annotation}} contains "{{cidr}}", which matches every client address: every request is refused (an allowlist written as a denylist?).',
    invalidCidr:
      '{{annotation}} entry "{{entry}}" is not an IP address or CIDR: ingress-nginx rejects the whole list and the annotation does not apply as written.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (!isNginx(model, ingress)) return;
        for (const annotation of [...ALLOW_ANNOTATIONS, DENY_ANNOTATION]) {
          const value = nginxAnnotation(ingress, annotation);
          if (value === undefined) continue;
          const path = nginxAnnotationPath(annotation);
          const { cidrs, invalid } = parseCidrList(value);
          const messageId = annotation === DENY_ANNOTATION ? 'deniesEverything' : 'allowsEverything';
          for (const cidr of cidrs.filter(matchesEverything)) {
            report({ path, messageId, data: { annotation, cidr: cidr.text } });
          }
          for (const entry of invalid)
            report({ path, messageId: 'invalidCidr', data: { annotation, entry } });
        }
      },
    };
  },
});
