import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from './nginx-annotation-invalid-value.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const at = (name: string): string => `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]`;
/** kyverno/policies check-ingress-nginx-controller-version-and-annotation-policy: auth-tls-verify-client in on/off/optional/optional_no_ca. */
const KYVERNO = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'conformance',
  'kyverno',
  'check-ingress-nginx-controller-version-and-annotation-policy',
);
const kyverno = (path: string): string => readFileSync(join(KYVERNO, path), 'utf8');

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-valid-values.yaml' },
    // Both Ingresses use auth-tls-verify-client "on"; bad-ingress fails the policy for its server-snippet only.
    {
      name: 'kyverno resource.yaml (good-ingress and bad-ingress)',
      yaml: kyverno('variant-other-vpol/kyverno-test/resource.yaml'),
    },
    { name: 'kyverno good-resource.yaml (chainsaw)', yaml: kyverno('chainsaw-test/good-resource.yaml') },
    {
      name: 'values that would inject configuration are left to nginx-annotation-injection',
      yaml: kyverno('chainsaw-test/good-resource.yaml').replace(
        'auth-tls-verify-client: "on"',
        'auth-tls-verify-client: "on;"',
      ),
    },
  ],
  invalid: [
    {
      fixture: 'fire-verify-client.yaml',
      errors: [
        {
          messageId: 'invalid',
          path: at('auth-tls-verify-client'),
          data: { value: 'required', expected: 'one of: on, off, optional, optional_no_ca' },
        },
      ],
    },
    {
      fixture: 'fire-bool-and-size.yaml',
      errors: [
        {
          messageId: 'invalid',
          path: at('ssl-redirect'),
          data: { value: 'yes', expected: 'a boolean ("true" or "false")' },
        },
        { messageId: 'invalid', path: at('proxy-body-size'), data: { value: '10 MB' } },
      ],
    },
    {
      fixture: 'fire-backend-protocol.yaml',
      errors: [{ messageId: 'invalid', path: at('backend-protocol'), data: { value: 'AJP' } }],
    },
    {
      name: 'the kyverno policy rule on its own: verify-client outside on/off/optional/optional_no_ca',
      yaml: kyverno('chainsaw-test/good-resource.yaml').replace(
        'auth-tls-verify-client: "on"',
        'auth-tls-verify-client: "true"',
      ),
      errors: [
        { messageId: 'invalid', object: 'demo', path: at('auth-tls-verify-client'), data: { value: 'true' } },
      ],
    },
  ],
});
