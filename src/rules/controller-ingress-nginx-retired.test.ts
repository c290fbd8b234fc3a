import rule from './controller-ingress-nginx-retired.ts';
import { ruleTester } from '../../test/helpers/rule-tester.ts';

ruleTester(rule, {
  valid: [{ fixture: 'dont-fire-other-controllers.yaml' }],
  invalid: [
    {
      fixture: 'fire-controller-deployment.yaml',
      errors: [
        {
          messageId: 'retired',
          path: 'spec.template.spec.containers[0].image',
          data: { container: 'controller', finalRelease: '1.15.1', retiredOn: '2026-03-24' },
        },
      ],
    },
    {
      name: 'a bare controller Pod, legacy quay.io image',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: nginx-ingress-controller, namespace: kube-system }
spec:
  containers:
    - name: nginx-ingress-controller
      image: quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.26.1
`,
      errors: [
        { messageId: 'retired', path: 'spec.containers[0].image', object: 'nginx-ingress-controller' },
      ],
    },
  ],
});
