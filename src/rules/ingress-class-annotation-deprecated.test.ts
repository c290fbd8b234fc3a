import rule from './ingress-class-annotation-deprecated.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

const path = 'metadata.annotations["kubernetes.io/ingress.class"]';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-class-field.yaml' }],
  invalid: [
    {
      fixture: 'fire-annotation-only.yaml',
      errors: [
        { messageId: 'deprecated', path, line: 7, severity: 'warning', data: { annotationClass: 'nginx' } },
      ],
    },
    {
      fixture: 'fire-annotation-redundant.yaml',
      errors: [{ messageId: 'redundant', path, severity: 'warning', data: { className: 'nginx' } }],
    },
    {
      fixture: 'fire-annotation-conflict.yaml',
      errors: [
        {
          messageId: 'conflict',
          path,
          severity: 'error',
          data: { annotationClass: 'traefik', className: 'nginx' },
        },
      ],
    },
  ],
});
