import { defineRule } from '../engine/rule.ts';
import { compareVersions } from '../knowledge/ingress-nginx-cves.ts';
import {
  configBool,
  configMapKeyPath,
  controllerImagePath,
  nginxConfigVisitors,
} from '../model/nginx-config.ts';

/** Before v1.9.0 snippet annotations were allowed unless the ConfigMap said otherwise. */
const SNIPPETS_OFF_BY_DEFAULT_SINCE = '1.9.0';

export default defineRule({
  id: 'controller-snippets-allowed',
  severity: 'error',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx ConfigMap lets Ingress authors inject raw NGINX configuration: allow-snippet-annotations is "true", annotations-risk-level is Critical, or a controller older than v1.9.0 runs without the key (snippets on by default).',
    remediation:
      'Set allow-snippet-annotations to "false" and annotations-risk-level to High (or lower) in the controller ConfigMap; put shared configuration in the ConfigMap\'s own *-snippet keys instead.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#annotations-risk-level',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://kyverno.io/policies/nginx-ingress/disallow-ingress-nginx-custom-snippets/disallow-ingress-nginx-custom-snippets/',
    ],
  },
  messages: {
    allowSnippets:
      'ConfigMap sets allow-snippet-annotations to "{{value}}": any Ingress author can inject NGINX configuration.',
    riskCritical:
      'ConfigMap sets annotations-risk-level to Critical: snippet and other Critical-risk annotations are accepted.',
    defaultAllowed:
      'ingress-nginx v{{version}} allows snippet annotations unless its ConfigMap sets allow-snippet-annotations to "false" (the default changed in v1.9.0).',
  },
  needs: ['ConfigMap'],
  create({ model, report }) {
    return nginxConfigVisitors(model, ({ configMap, controllers, data }) => {
      const allow = data['allow-snippet-annotations'];
      if (configMap && allow !== undefined && configBool(allow) === true) {
        report({
          object: configMap,
          path: configMapKeyPath('allow-snippet-annotations'),
          messageId: 'allowSnippets',
          data: { value: allow },
        });
      }
      if (configMap && data['annotations-risk-level']?.trim() === 'Critical') {
        report({
          object: configMap,
          path: configMapKeyPath('annotations-risk-level'),
          messageId: 'riskCritical',
        });
      }
      if (allow !== undefined) return;
      for (const controller of controllers) {
        if (
          controller.version === undefined ||
          compareVersions(controller.version, SNIPPETS_OFF_BY_DEFAULT_SINCE) >= 0
        )
          continue;
        report({
          object: controller.workload.resource,
          path: controllerImagePath(controller),
          messageId: 'defaultAllowed',
          data: { version: controller.version },
          ...(configMap
            ? {
                related: [
                  {
                    apiVersion: 'v1',
                    kind: 'ConfigMap',
                    namespace: configMap.namespace,
                    name: configMap.name,
                  },
                ],
              }
            : {}),
        });
      }
    });
  },
});
