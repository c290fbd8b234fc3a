import { defineRule } from '../engine/rule.ts';
import { at } from '../model/field-path.ts';
import { hostProblem, type HostProblem } from '../model/hosts.ts';

export default defineRule({
  id: 'ingress-host-invalid',
  severity: 'error',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'A rule or TLS host is not a lower-case RFC 1123 DNS name, is an IP address, or has a `*` other than as the whole first label.',
    remediation:
      'Use a lower-case DNS name (`*.` only as the first label); to serve an IP address, leave the host out.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards',
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressSpec',
      'https://datatracker.ietf.org/doc/html/rfc1123#section-2.1',
    ],
  },
  messages: {
    ipAddress: 'Host "{{host}}" is an IP address; Ingress hosts must be DNS names.',
    wildcardPlacement: 'Host "{{host}}" has a "*" that is not the whole first label.',
    upperCase: 'Host "{{host}}" has upper-case letters; Ingress hosts must be lower-case.',
    notDnsName: 'Host "{{host}}" is not a valid RFC 1123 DNS name.',
  } satisfies Record<HostProblem, string>,
  create({ report }) {
    return {
      Ingress(ingress) {
        const check = (host: string, path: string): void => {
          const problem = hostProblem(host);
          if (problem) report({ path, messageId: problem, data: { host } });
        };
        for (const rule of ingress.rules)
          if (rule.host !== undefined) check(rule.host, `${rule.fieldPath}.host`);
        for (const entry of ingress.tls) {
          entry.hosts.forEach((host, index) => {
            check(host, at('spec', 'tls', entry.index, 'hosts', index));
          });
        }
      },
    };
  },
});
