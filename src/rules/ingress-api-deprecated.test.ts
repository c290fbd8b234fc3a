import rule from './ingress-api-deprecated.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-v1.yaml' }],
  invalid: [
    {
      fixture: 'fire-extensions-v1beta1.yaml',
      errors: [
        {
          messageId: 'removed',
          path: 'apiVersion',
          line: 1,
          data: { kind: 'Ingress', apiVersion: 'extensions/v1beta1', replacement: 'networking.k8s.io/v1' },
        },
      ],
    },
    {
      fixture: 'fire-ingressclass-v1beta1.yaml',
      errors: [
        {
          messageId: 'removed',
          path: 'apiVersion',
          data: { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1beta1' },
        },
      ],
    },
  ],
});
