import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import type { Model } from '../model/model.ts';

const MIDDLEWARES_KEY = 'traefik.ingress.kubernetes.io/router.middlewares';
const CRD_PROVIDER = '@kubernetescrd';

/**
 * The namespace a `<namespace>-<name>@kubernetescrd` reference points into. Both parts may hold
 * dashes, so Middleware objects in the input decide when they can; otherwise a reference starting with
 * the Ingress namespace is taken as local, and the longest known namespace prefix names the other one.
 */
export function middlewareNamespace(
  model: Model,
  reference: string,
  ingressNamespace: string,
): string | undefined {
  const candidates = model
    .list('Middleware')
    .filter((middleware) => `${middleware.namespace}-${middleware.name}` === reference);
  const [only] = candidates;
  if (only && candidates.every((c) => c.namespace === only.namespace)) return only.namespace;
  if (reference.startsWith(`${ingressNamespace}-`)) return ingressNamespace;
  return model
    .namespaces()
    .filter((namespace) => reference.startsWith(`${namespace}-`))
    .sort((a, b) => b.length - a.length)[0];
}

export default defineRule({
  id: 'traefik-middleware-cross-namespace',
  severity: 'warning',
  category: 'traefik',
  preset: 'recommended',
  docs: {
    summary:
      "router.middlewares names a Kubernetes CRD Middleware of another namespace: Traefik rejects it unless allowCrossNamespace is on, and with it one team's Ingress depends on (and can borrow) another team's auth or rewrite.",
    remediation:
      'Reference Middlewares of the Ingress namespace (<namespace>-<name>@kubernetescrd) and copy shared ones into each namespace, or keep allowCrossNamespace off.',
    references: [
      'https://doc.traefik.io/traefik/reference/routing-configuration/kubernetes/ingress/',
      'https://doc.traefik.io/traefik/reference/install-configuration/providers/kubernetes/kubernetes-crd/',
    ],
  },
  messages: {
    crossNamespace:
      'Middleware "{{middleware}}" is in namespace "{{middlewareNamespace}}", not in the Ingress namespace "{{namespace}}".',
    otherNamespace:
      'Middleware "{{middleware}}" does not start with "{{namespace}}-": it names a Middleware outside the Ingress namespace.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const value = ingress.annotations[MIDDLEWARES_KEY];
        if (value === undefined || model.classOf(ingress).controller !== 'traefik') return;
        const { namespace } = ingress.resource;
        for (const entry of value.split(',').map((part) => part.trim())) {
          if (!entry.endsWith(CRD_PROVIDER)) continue;
          const reference = entry.slice(0, -CRD_PROVIDER.length);
          const target = middlewareNamespace(model, reference, namespace);
          if (target === namespace) continue;
          const path = annotationPath(MIDDLEWARES_KEY);
          if (target === undefined)
            report({ path, messageId: 'otherNamespace', data: { middleware: entry, namespace } });
          else
            report({
              path,
              messageId: 'crossNamespace',
              data: { middleware: entry, middlewareNamespace: target, namespace },
            });
        }
      },
    };
  },
});
