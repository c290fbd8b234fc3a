import rule from './controller-admission-webhook-exposed.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const WEBHOOK_ARG = 'spec.template.spec.containers[0].args[2]';

ruleTester(rule, {
  valid: [
    { fixture: 'dont-fire-webhook-limited-to-apiserver.yaml' },
    { fixture: 'dont-fire-webhook-disabled.yaml' },
  ],
  invalid: [
    {
      fixture: 'fire-no-policy-for-controller.yaml',
      errors: [
        {
          messageId: 'unisolated',
          object: 'ingress-nginx-controller',
          path: WEBHOOK_ARG,
          line: 23,
          data: { container: 'controller', port: 8443 },
        },
      ],
    },
    {
      fixture: 'fire-policy-open-on-all-ports.yaml',
      errors: [
        { messageId: 'openPolicy', path: WEBHOOK_ARG, data: { policy: 'ingress-nginx-public', port: 8443 } },
      ],
    },
  ],
});
