import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import {
  TRAEFIK_ANNOTATION_PREFIX,
  TRAEFIK_INGRESS_ANNOTATIONS,
  traefikAnnotationKind,
} from '../knowledge/traefik-annotations.ts';

/** Suggest a known key only when the typo is small. */
const MAX_SUGGESTION_DISTANCE = 3;

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function nearestIngressKey(name: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of TRAEFIK_INGRESS_ANNOTATIONS) {
    const distance = editDistance(name.toLowerCase(), key);
    if (distance <= MAX_SUGGESTION_DISTANCE && (!best || distance < best.distance)) best = { key, distance };
  }
  return best ? TRAEFIK_ANNOTATION_PREFIX + best.key : undefined;
}

export default defineRule({
  id: 'traefik-annotation-unknown',
  severity: 'warning',
  category: 'traefik',
  preset: 'recommended',
  docs: {
    summary:
      'A traefik.ingress.kubernetes.io/ annotation on a Traefik Ingress that Traefik does not read: a typo, a Service-only key, or a Traefik 1.x key — silently ignored.',
    remediation:
      'Fix the key name, move service.* keys to the backend Service, and replace Traefik 1.x keys with router options or Middleware resources.',
    references: [
      'https://doc.traefik.io/traefik/reference/routing-configuration/kubernetes/ingress/',
      'https://doc.traefik.io/traefik/migration/v1-to-v2/',
    ],
  },
  messages: {
    unknown: 'Traefik does not know the annotation "{{key}}".',
    unknownSuggest: 'Traefik does not know the annotation "{{key}}"; did you mean "{{suggestion}}"?',
    serviceOnly: '"{{key}}" is read on the backend Service, not on an Ingress: here it is ignored.',
    traefikV1: '"{{key}}" is a Traefik 1.x annotation, ignored since Traefik 2.0.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (model.classOf(ingress).controller !== 'traefik') return;
        for (const key of Object.keys(ingress.annotations)) {
          if (!key.startsWith(TRAEFIK_ANNOTATION_PREFIX)) continue;
          const name = key.slice(TRAEFIK_ANNOTATION_PREFIX.length);
          const path = annotationPath(key);
          const kind = traefikAnnotationKind(name);
          if (kind === 'service') report({ path, messageId: 'serviceOnly', data: { key } });
          else if (kind === 'v1') report({ path, messageId: 'traefikV1', data: { key } });
          else if (kind === 'unknown') {
            const suggestion = nearestIngressKey(name);
            if (suggestion) report({ path, messageId: 'unknownSuggest', data: { key, suggestion } });
            else report({ path, messageId: 'unknown', data: { key } });
          }
        }
      },
    };
  },
});
