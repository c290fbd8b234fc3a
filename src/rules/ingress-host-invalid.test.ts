import rule from './ingress-host-invalid.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const withHost = (host: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - host: '${host}'
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`;

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-valid-hosts.yaml' },
    { name: 'a label of exactly 63 characters', yaml: withHost(`${'a'.repeat(63)}.example.com`) },
  ],
  invalid: [
    {
      fixture: 'fire-upper-case-host.yaml',
      errors: [{ messageId: 'upperCase', path: 'spec.rules[0].host', data: { host: 'Promo.Example.com' } }],
    },
    {
      fixture: 'fire-ip-address-host.yaml',
      errors: [{ messageId: 'ipAddress', path: 'spec.rules[0].host', data: { host: '203.0.113.10' } }],
    },
    {
      name: 'TLS hosts are hosts too',
      fixture: 'fire-tls-host-underscore.yaml',
      errors: [
        {
          messageId: 'notDnsName',
          path: 'spec.tls[0].hosts[1]',
          data: { host: 'billing_internal.example.com' },
        },
      ],
    },
    { name: 'IPv6 address', yaml: withHost('2001:db8::1'), errors: [{ messageId: 'ipAddress' }] },
    {
      name: '* inside the name',
      yaml: withHost('api.*.example.com'),
      errors: [{ messageId: 'wildcardPlacement' }],
    },
    {
      name: '* as part of the first label',
      yaml: withHost('api-*.example.com'),
      errors: [{ messageId: 'wildcardPlacement' }],
    },
    { name: '* alone', yaml: withHost('*'), errors: [{ messageId: 'wildcardPlacement' }] },
    {
      name: 'a port is not part of a host',
      yaml: withHost('example.com:8443'),
      errors: [{ messageId: 'notDnsName' }],
    },
    {
      name: 'a label longer than 63 characters',
      yaml: withHost(`${'a'.repeat(64)}.example.com`),
      errors: [{ messageId: 'notDnsName' }],
    },
    {
      name: 'a label starting with a hyphen',
      yaml: withHost('-api.example.com'),
      errors: [{ messageId: 'notDnsName' }],
    },
    {
      name: 'an upper-case wildcard host',
      yaml: withHost('*.Example.com'),
      errors: [{ messageId: 'upperCase' }],
    },
  ],
});
