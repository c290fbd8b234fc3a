import rule from './service-externalname-localhost.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-external-host.yaml' }],
  invalid: [
    {
      fixture: 'fire-loopback.yaml',
      errors: [
        {
          messageId: 'sensitive',
          path: 'spec.externalName',
          line: 8,
          data: { externalName: '127.0.0.1', addressKind: 'loopback' },
        },
      ],
    },
    {
      fixture: 'fire-gcp-metadata.yaml',
      errors: [
        { messageId: 'sensitive', path: 'spec.externalName', data: { addressKind: 'cloud metadata' } },
      ],
    },
    {
      name: 'link-local IPv6',
      yaml: `apiVersion: v1
kind: Service
metadata: { name: node-local, namespace: tools }
spec: { type: ExternalName, externalName: "fe80::1" }
`,
      errors: [{ messageId: 'sensitive', path: 'spec.externalName', data: { addressKind: 'link-local' } }],
    },
  ],
});
